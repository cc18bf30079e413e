// What a person types before the site's script has started is kept (slow connections: the page is
// there, its script is not yet). When the script starts, Svelte sets each field to the value the server
// drew it with — an empty account number, say — and what was typed would be gone. This file is loaded
// before everything else; it remembers the fields typed into, and the root layout, once the page has
// started, puts back what was typed (routes/+layout.svelte). A plain file: the Content-Security-Policy
// allows scripts from the site itself only, never inline ones.
(function () {
  var typed = new Map();
  function remember(event) {
    var field = event.target;
    if (!field || typeof field.value !== 'string' || field.type === 'file' || field.type === 'hidden') return;
    typed.set(field, field.type === 'checkbox' || field.type === 'radio' ? { checked: field.checked } : { value: field.value });
  }
  document.addEventListener('input', remember, true);
  document.addEventListener('change', remember, true);
  window.kabinetRestoreTyped = function () {
    document.removeEventListener('input', remember, true);
    document.removeEventListener('change', remember, true);
    var restored = 0;
    typed.forEach(function (state, field) {
      if (!field.isConnected) return;
      if ('checked' in state) {
        if (field.checked === state.checked) return;
        field.checked = state.checked;
        field.dispatchEvent(new Event('change', { bubbles: true }));
      } else {
        if (field.value === state.value) return;
        field.value = state.value;
        field.dispatchEvent(new Event('input', { bubbles: true }));
      }
      restored++;
    });
    typed.clear();
    return restored;
  };
})();
