// Progressive improvements only: every page works without this file.
(function () {
  if (!navigator.clipboard) {
    return;
  }
  // A revealed key gets a copy button: the operator pastes it into a reply without selecting by hand.
  document.querySelectorAll('details.reveal code.key').forEach(function (code) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary copy';
    button.textContent = 'Copy the key';
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(code.textContent).then(function () {
        button.textContent = 'Copied';
      });
    });
    code.insertAdjacentElement('afterend', button);
  });
})();
// Portal: a "copy" button copies the text of the element it names (data-copy="<id>").
document.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-copy]');
  const source = button && document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) { return; }
  navigator.clipboard.writeText(source.textContent.trim()).then(() => { button.textContent = 'Copied'; });
});
