/** npm run seed — loads the demo data (idempotent: what exists is left as it is). */
import { runTool } from './run';
import { DEMO, seedDemoData } from '../seed/demo-data';

void runTool(async ({ db }) => {
  await seedDemoData(db);
  process.stdout.write(
    [
      'Demo data is in place:',
      `  registration: account ${DEMO.unregistered.number}, activation code ${DEMO.unregistered.activationCode}`,
      `  subscriber:   account ${DEMO.registered.number}, password ${DEMO.registered.password}`,
      `  operator:     ${DEMO.operator.username} / ${DEMO.operator.password}`,
      '',
    ].join('\n'),
  );
});
