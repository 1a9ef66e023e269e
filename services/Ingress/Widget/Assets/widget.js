/*
 * DaprChannels website chat widget.
 * Embed on any page (WordPress: a "Custom HTML" block or the footer):
 *   <script src="https://YOUR-GATEWAY/widget/embed.js" data-integration="INTEGRATION_ID" async></script>
 * Optional: data-base-url (defaults to the script's origin), data-open="true".
 */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector("script[data-integration]");
  if (!script) { return; }
  var integrationId = script.getAttribute("data-integration");
  var baseUrl = (script.getAttribute("data-base-url") || new URL(script.src, location.href).origin).replace(/\/$/, "");
  var api = baseUrl + "/widget/" + encodeURIComponent(integrationId);
  var storageKey = "daprchannels:" + integrationId;

  function load() { try { return JSON.parse(localStorage.getItem(storageKey)) || {}; } catch (e) { return {}; } }
  function save(s) { try { localStorage.setItem(storageKey, JSON.stringify(s)); } catch (e) { /* private mode */ } }
  function newId() {
    var bytes = new Uint8Array(12);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return "m_" + Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  var state = load();
  var host = document.createElement("div");
  host.setAttribute("data-daprchannels-widget", integrationId);
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  root.innerHTML =
    "<style>" +
    ":host{all:initial}" +
    ".dc-bubble{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;cursor:pointer;color:#fff;display:flex;align-items:center;justify-content:center;padding:0;box-shadow:0 4px 14px rgba(0,0,0,.25);z-index:2147483000}" +
    ".dc-panel{position:fixed;right:20px;bottom:88px;width:340px;max-width:calc(100vw - 40px);height:460px;max-height:calc(100vh - 120px);display:none;flex-direction:column;background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);font:14px/1.4 system-ui,sans-serif;color:#111;overflow:hidden;z-index:2147483000}" +
    ".dc-panel.open{display:flex}" +
    ".dc-head{padding:12px 14px;color:#fff;font-weight:600}" +
    ".dc-log{flex:1;overflow-y:auto;padding:12px;background:#f7f7f8}" +
    ".dc-msg{max-width:80%;margin:6px 0;padding:8px 11px;border-radius:12px;white-space:pre-wrap;word-wrap:break-word}" +
    ".dc-in{background:#fff;border:1px solid #e3e3e6}" +
    ".dc-out{margin-left:auto;color:#fff}" +
    ".dc-btns{display:flex;flex-wrap:wrap;gap:6px;margin:4px 0 8px}" +
    ".dc-btns button{border:1px solid #ccc;background:#fff;border-radius:14px;padding:4px 10px;cursor:pointer;font:inherit}" +
    ".dc-form{display:flex;border-top:1px solid #e3e3e6}" +
    ".dc-form input{flex:1;border:0;padding:12px;font:inherit;outline:none}" +
    ".dc-form button{border:0;background:none;padding:0 14px;font:600 14px system-ui,sans-serif;cursor:pointer}" +
    ".dc-err{color:#b00020;font-size:12px;padding:0 12px 6px}" +
    "</style>" +
    // Drawn, not an emoji: a page on a system without an emoji font would show an empty box.
    "<button class='dc-bubble' aria-label='Open chat'><svg viewBox='0 0 24 24' width='26' height='26' aria-hidden='true'>" +
    "<path fill='currentColor' d='M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z'/></svg></button>" +
    "<div class='dc-panel' role='dialog' aria-label='Chat'>" +
    "<div class='dc-head'>Chat</div><div class='dc-log' aria-live='polite'></div><div class='dc-err'></div>" +
    "<form class='dc-form'><input name='text' autocomplete='off' placeholder='Type a message…' aria-label='Message'><button type='submit'>Send</button></form>" +
    "</div>";
  document.body.appendChild(host);

  var bubble = root.querySelector(".dc-bubble");
  var panel = root.querySelector(".dc-panel");
  var head = root.querySelector(".dc-head");
  var log = root.querySelector(".dc-log");
  var err = root.querySelector(".dc-err");
  var form = root.querySelector(".dc-form");
  var input = form.querySelector("input");
  var accent = "#2563eb";
  var stream = null;

  function paint(color) {
    accent = color;
    bubble.style.background = color;
    head.style.background = color;
    form.querySelector("button").style.color = color;
  }
  paint(accent);

  function add(text, mine) {
    var div = document.createElement("div");
    div.className = "dc-msg " + (mine ? "dc-out" : "dc-in");
    if (mine) { div.style.background = accent; }
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  function addButtons(sections) {
    var box = document.createElement("div");
    box.className = "dc-btns";
    sections.forEach(function (section) {
      (section.options || []).forEach(function (option) {
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = option.title;
        b.onclick = function () { box.remove(); add(option.title, true); send({ optionId: option.id, title: option.title }); };
        box.appendChild(b);
      });
    });
    log.appendChild(box);
    log.scrollTop = log.scrollHeight;
  }

  function render(content) {
    if (!content) { return; }
    switch (content.type) {
      case "text": add(content.text, false); break;
      case "interactive": add(content.body, false); addButtons(content.sections || []); break;
      case "media": add((content.caption ? content.caption + "\n" : "") + (content.url || "[" + content.kind + "]"), false); break;
      default: add(content.text || "", false);
    }
  }

  function http(method, url, body) {
    var headers = { "Content-Type": "application/json" };
    if (state.token) { headers.Authorization = "Bearer " + state.token; }
    return fetch(url, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined, mode: "cors" })
      .then(function (r) {
        if (!r.ok) { var e = new Error("HTTP " + r.status); e.status = r.status; throw e; }
        return r.status === 204 ? null : r.json();
      });
  }

  function ensureSession() {
    if (state.token) { return Promise.resolve(); }
    return http("POST", api + "/sessions").then(function (s) {
      state = { visitorId: s.visitorId, token: s.token, lastSeq: 0 };
      save(state);
    });
  }

  // A session the gateway no longer accepts (its widget secret changed) is dropped with its stream.
  function forgetSession() {
    if (stream) { stream.close(); stream = null; }
    state = {};
    save(state);
  }

  var reconnectDelay = 2000;
  function listen() {
    if (stream || !window.EventSource || !state.token) { return; }
    var current = new EventSource(api + "/events?token=" + encodeURIComponent(state.token) + "&after=" + (state.lastSeq || 0));
    stream = current;
    current.onopen = function () { reconnectDelay = 2000; };
    current.addEventListener("reply", function (e) {
      var reply = JSON.parse(e.data);
      if (reply.sequence <= (state.lastSeq || 0)) { return; }
      state.lastSeq = reply.sequence;
      save(state);
      render(reply.content);
    });
    current.onerror = function () {
      // EventSource retries network errors itself but gives up for good on an HTTP error (a 401,
      // a 503 while the gateway starts); without a new stream no reply would ever show again.
      if (current.readyState !== 2 || stream !== current) { return; }
      stream = null;
      setTimeout(listen, reconnectDelay);
      reconnectDelay = Math.min(reconnectDelay * 2, 60000);
    };
  }

  function deliver(body, mayRenewSession) {
    return ensureSession().then(function () {
      listen();
      return http("POST", api + "/messages", body);
    }).catch(function (e) {
      if (e.status !== 401) { throw e; }
      forgetSession();
      if (!mayRenewSession) { throw e; }
      return deliver(body, false);
    });
  }

  function send(body) {
    body.id = newId();
    err.textContent = "";
    return deliver(body, true).catch(function (e) {
      err.textContent = "Could not send (" + e.message + "). Please try again.";
    });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    add(text, true);
    send({ text: text });
  });

  var greeted = false;
  bubble.addEventListener("click", function () {
    var open = panel.classList.toggle("open");
    if (open) {
      input.focus();
      if (state.token) { listen(); }
    }
  });

  http("GET", api + "/config").then(function (c) {
    head.textContent = c.title || "Chat";
    if (c.accentColor) { paint(c.accentColor); }
    if (c.greeting && !greeted) { greeted = true; add(c.greeting, false); }
  }).catch(function () { /* the bubble still works with defaults */ });

  if (state.token) { listen(); }
  if (script.getAttribute("data-open") === "true") { bubble.click(); }
})();
