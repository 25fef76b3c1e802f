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

// A table wider than its frame would scroll sideways inside it, its last columns out of sight. On a phone every
// table is laid out as cards of labelled lines by the stylesheet alone; between a phone and a table's own width
// (which its contents decide: a long address, a long error) it is measured here, each time its frame's width changes,
// and stacked ("stacked") only while its columns do not fit. Without this file such a table still scrolls.
(function () {
  if (!window.ResizeObserver) {
    return;
  }
  var widths = new WeakMap();
  var observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var frame = entry.target;
      var table = frame.querySelector('table.cards');
      if (!table || widths.get(frame) === frame.clientWidth) {
        return;
      }
      widths.set(frame, frame.clientWidth);
      table.classList.remove('stacked');
      table.classList.toggle('stacked', frame.scrollWidth > frame.clientWidth);
    });
  });
  document.querySelectorAll('.table-wrap').forEach(function (frame) {
    observer.observe(frame);
  });
})();

// A form sent again before its answer arrives (a double click, Enter pressed twice) is answered twice, and the page
// shown is the second answer: "resent recently; try again in 60 s" or "0 imported, 3 duplicate", though the first did
// its work. A page sends each of its POST forms once; a page brought back by Back (restored from the cache) may again.
(function () {
  var sent = new WeakSet();
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (event.defaultPrevented || form.method !== 'post') {
      return;
    }
    if (sent.has(form)) {
      event.preventDefault();
      return;
    }
    sent.add(form);
  });
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) {
      sent = new WeakSet();
    }
  });
})();
