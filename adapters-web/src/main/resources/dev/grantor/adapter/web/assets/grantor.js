// Progressive improvements only: every page works without this file.
// A copy button names the element whose text it copies (data-copy="<id>"), so a key goes into a reply or an
// installer without selecting it by hand. The buttons ship hidden: they are shown only where they can work.
(function () {
  if (!navigator.clipboard) {
    return;
  }
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    button.hidden = false;
  });
  document.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-copy]');
    var source = button && document.getElementById(button.dataset.copy);
    if (!source) {
      return;
    }
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      button.textContent = 'Copied';
    });
  });
})();
