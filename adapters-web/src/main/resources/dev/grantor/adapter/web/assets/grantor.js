// Progressive improvements only: every page works without this file.
// Portal: a "copy" button copies the text of the element it names (data-copy="<id>").
document.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-copy]');
  const source = button && document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) { return; }
  navigator.clipboard.writeText(source.textContent.trim()).then(() => { button.textContent = 'Copied'; });
});
