// The host app's own script: the contract's snippet, plus a few host behaviours tests drive.
// An external file (not inline) so that the same page works under a strict CSP.
(function () {
  var query = new URLSearchParams(location.search);
  // Settings from the query, kept for later pages of the same tab (multi-page tours navigate).
  var cfg = JSON.parse(sessionStorage.getItem('waypost-test') || '{}');
  ['server', 'user', 'locale', 'timeout', 'help'].forEach(function (k) {
    if (query.has(k)) cfg[k] = query.get(k);
  });
  sessionStorage.setItem('waypost-test', JSON.stringify(cfg));
  var script = document.currentScript;

  window.Waypost = window.Waypost || function () { (Waypost.q = Waypost.q || []).push(arguments); };
  Waypost('init', {
    key: script.dataset.key,
    server: cfg.server || script.dataset.server,
    user: cfg.user ? { id: cfg.user } : undefined,
    locale: cfg.locale || undefined,
    targetTimeout: cfg.timeout ? Number(cfg.timeout) : undefined,
    // The help launcher only where a test asks for it (?help=on: the SDK's defaults; ?help=left),
    // so that the other scenarios keep a page with nothing of ours on it when no tour shows.
    help: cfg.help ? {on: undefined, left: {position: 'bottom-left'}}[cfg.help] : {launcher: false},
  });
  window.__events = [];
  Waypost('on', '*', function (e) { window.__events.push(e.type + (e.step_id ? ':' + e.step_id : '')); });

  window.__violations = [];
  document.addEventListener('securitypolicyviolation', function (e) {
    window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
  });

  document.addEventListener('DOMContentLoaded', function () {
    var count = document.getElementById('count');
    document.getElementById('host-button').addEventListener('click', function () {
      count.textContent = String(Number(count.textContent) + 1);
    });
    if (query.has('late')) {
      setTimeout(function () {
        var late = document.createElement('button');
        late.id = 'late-target';
        late.type = 'button';
        late.textContent = 'I came late';
        document.getElementById('late-holder').append(late);
      }, Number(query.get('late')));
    }
    document.getElementById('spa-link').addEventListener('click', function (e) {
      e.preventDefault();
      history.pushState({}, '', this.getAttribute('href'));
      var view = document.getElementById('spa-view');
      view.textContent = '';
      var target = document.createElement('button');
      target.id = 'spa-target';
      target.type = 'button';
      target.textContent = 'Rendered by the SPA';
      view.append(target);
    });
    // For `waypost tours check`: a box under another one (?covered), an element shown only once "logged in"
    // (local storage, as a storage-state file gives it), and one that never shows.
    if (query.has('covered')) {
      document.getElementById('late-holder').insertAdjacentHTML('beforeend',
        '<div style="position:relative;height:60px"><button id="under" type="button">Under</button>' +
        '<div id="cover" style="position:absolute;inset:0;background:#eee"></div></div>' +
        '<span id="never-shown" hidden>Hidden</span>');
    }
    // Targets where querySelector does not reach (?hidden): in a web component's open shadow root, in a same-origin
    // iframe, and in a modal <dialog> (the top layer) that a button opens.
    if (query.has('hidden')) {
      var holder = document.getElementById('late-holder');
      var card = document.createElement('acme-card');
      card.id = 'card';
      card.attachShadow({ mode: 'open' }).innerHTML =
        '<p>Shadow card</p><button id="shadow-save" type="button" style="margin:8px">Save in shadow</button>';
      holder.append(card);
      var frame = document.createElement('iframe');
      frame.id = 'frame';
      frame.title = 'Payment';
      frame.style.cssText = 'width:300px;height:120px;border:4px solid #888;margin:16px 40px';
      frame.srcdoc = '<!doctype html><html lang="en"><body style="margin:0"><p>Frame</p>' +
        '<button id="frame-pay" type="button" style="margin-left:60px">Pay in frame</button></body></html>';
      holder.append(frame);
      holder.insertAdjacentHTML('beforeend', '<button id="open-dialog" type="button">Open dialog</button>' +
        '<dialog id="dlg" aria-label="Confirm"><p>In the top layer</p><button id="dialog-ok" type="button">OK</button></dialog>');
      document.getElementById('open-dialog').addEventListener('click', function () {
        document.getElementById('dlg').showModal();
      });
    }
    if (localStorage.getItem('logged-in')) {
      var menu = document.createElement('button');
      menu.id = 'account-menu';
      menu.type = 'button';
      menu.textContent = 'Account';
      document.getElementById('late-holder').append(menu);
    }
  });
})();
