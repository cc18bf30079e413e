/**
 * npm run staff:create -- USERNAME [--name "Full Name"]
 * Creates an operator (or sets a new password for an existing one). The password
 * comes from STAFF_PASSWORD, or is asked for on the terminal.
 */
import readline from 'node:readline';
import { runTool } from './run';
import { StaffService } from '../staff/staff.service';

async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) throw new Error('Set STAFF_PASSWORD, or run this in a terminal to type the password.');
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
      out._writeToOutput = (s: string) => {
        if (s.includes(q)) out.output.write(s);
        else out.output.write('*');
      };
      rl.question(q, (a) => {
        process.stdout.write('\n');
        resolve(a);
      });
    });
  const first = await ask('Password: ');
  const second = await ask('Repeat password: ');
  rl.close();
  if (first !== second) throw new Error('The passwords do not match.');
  return first;
}

const args = process.argv.slice(2);
const username = args.find((a) => !a.startsWith('--'));
const nameIndex = args.indexOf('--name');
const fullName = nameIndex >= 0 ? args[nameIndex + 1] : null;

void runTool(async ({ db }) => {
  if (!username) throw new Error('Usage: npm run staff:create -- USERNAME [--name "Full Name"]');
  const password = process.env.STAFF_PASSWORD || (await askPassword());
  const { created } = await new StaffService(db).createOrUpdate(username, password, fullName);
  process.stdout.write(`${created ? 'Created' : 'Updated the password of'} operator "${username.toLowerCase()}".\n`);
});
