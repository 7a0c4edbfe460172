/* The "Antrean kirim" page (templates/pokja/offline/queue.html): each form kept on this device,
   what it is, for which month or day, when it was saved, its state and, once sent, its result.
   A conflict shows both versions and lets the operator choose. The words come from the page
   (data-t-* attributes, translated by the portal); static/js/offline.js calls render(). */
(function () {
  "use strict";

  /* A month typed "12/2026" as the portal writes months: "Desember 2026" (in the page's language);
     a day or anything else as typed. */
  function monthName(text) {
    var month = /^(\d{1,2})\/(\d{4})$/.exec(text);
    if (!month) return text;
    var date = new Date(Number(month[2]), Number(month[1]) - 1, 1);
    var name = date.toLocaleDateString(document.documentElement.lang || "id", { month: "long", year: "numeric" });
    return name.charAt(0).toUpperCase() + name.slice(1);
  }

  var root = document.getElementById("offline-queue");
  if (!root) return;
  var t = root.dataset;
  var list = root.querySelector("[data-queue-list]");
  var empty = root.querySelector("[data-queue-empty]");
  var BADGES = {
    waiting: "text-bg-secondary",
    sending: "text-bg-info",
    sent: "text-bg-success",
    duplicate: "text-bg-success",
    invalid: "text-bg-danger",
    conflict: "text-bg-warning",
    login: "text-bg-warning",
    discarded: "text-bg-light",
  };
  var WHEN = { day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" };
  var STATE_WORDS = {
    waiting: t.tWaiting,
    sending: t.tSending,
    sent: t.tSent,
    duplicate: t.tDuplicate,
    invalid: t.tInvalid,
    conflict: t.tConflict,
    login: t.tLogin,
    discarded: t.tDiscarded,
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function button(label, className, onClick) {
    var node = el("button", "btn btn-sm " + className, label);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  function conflictTable(item) {
    var box = el("div", "table-responsive mt-2");
    var table = el("table", "table table-sm mb-2 offline-conflict");
    var head = table.createTHead().insertRow();
    [t.tField, t.tMine, t.tStored].forEach(function (word) {
      var th = el("th", "", word);
      th.scope = "col";
      head.appendChild(th);
    });
    var tbody = table.createTBody();
    item.conflict.rows.forEach(function (row) {
      var tr = tbody.insertRow();
      var th = el("th", "", row.label);
      th.scope = "row";
      tr.appendChild(th);
      tr.appendChild(el("td", "", row.mine));
      tr.appendChild(el("td", "", row.stored));
    });
    box.appendChild(table);
    return box;
  }

  function card(item, replay, render) {
    var li = el("li", "card mb-2 offline-item");
    li.dataset.state = item.state;
    var cardBody = el("div", "card-body py-2");
    var top = el("div", "d-flex flex-wrap justify-content-between gap-2 align-items-start");
    var what = el("div");
    what.appendChild(el("strong", "d-block", item.title));
    if (item.when) what.appendChild(el("span", "d-block", (item.whenLabel || "") + ": " + monthName(item.when)));
    what.appendChild(el("span", "d-block small text-muted", t.tSavedAt + ": " + new Date(item.createdAt).toLocaleString(document.documentElement.lang || "id", WHEN)));
    top.appendChild(what);
    top.appendChild(el("span", "badge offline-state " + (BADGES[item.state] || ""), STATE_WORDS[item.state] || item.state));
    cardBody.appendChild(top);
    if (item.message) cardBody.appendChild(el("p", "mb-1 mt-2 small", item.message));
    if (item.errors && item.errors.length) {
      var errors = el("ul", "small text-danger mb-1");
      item.errors.forEach(function (error) { errors.appendChild(el("li", "", error)); });
      cardBody.appendChild(errors);
    }
    var actions = el("div", "d-flex flex-wrap gap-2 mt-2");
    if (item.state === "conflict" && item.conflict) {
      var stored = [item.conflict.status, item.conflict.reason].filter(Boolean).join(": ");
      if (stored) cardBody.appendChild(el("p", "mb-1 small", t.tStoredStatus + ": " + stored));
      cardBody.appendChild(conflictTable(item));
      actions.appendChild(button(t.tKeepMine, "btn-primary", function () {
        KkbQueue.keepMine(item.key).then(replay);
      }));
      actions.appendChild(button(t.tTakeTheirs, "btn-outline-secondary", function () {
        KkbQueue.takeTheirs(item.key).then(render);
      }));
    }
    if (item.state === "login") {
      var login = el("a", "btn btn-sm btn-primary", t.tSignIn);
      login.href = t.loginUrl;
      actions.appendChild(login);
    }
    if (item.resultUrl) {
      var open = el("a", "btn btn-sm btn-outline-primary", t.tOpen);
      open.href = item.resultUrl;
      actions.appendChild(open);
    }
    if (["sent", "duplicate", "discarded", "invalid"].indexOf(item.state) >= 0) {
      actions.appendChild(button(t.tRemove, "btn-link", function () {
        if (item.state === "invalid" && !window.confirm(t.tRemoveConfirm)) return;
        KkbQueue.remove(item.key).then(render);
      }));
    }
    if (actions.childNodes.length) cardBody.appendChild(actions);
    li.appendChild(cardBody);
    return li;
  }

  async function render(user, replay) {
    var items = await KkbQueue.items(user);
    var redraw = function () { render(user, replay); };
    list.replaceChildren.apply(list, items.map(function (item) { return card(item, replay, redraw); }));
    empty.hidden = items.length > 0;
    var sendNow = root.querySelector("[data-queue-send]");
    var waiting = items.some(function (item) { return ["waiting", "login", "sending"].indexOf(item.state) >= 0; });
    // Offline the banner says it all; the button comes back with the connection.
    sendNow.hidden = !waiting || !navigator.onLine;
    sendNow.onclick = replay;
    // Just queued: say so (the page may come from the device, without the server's note).
    var kept = root.querySelector("[data-queue-kept]");
    if (kept) kept.hidden = !waiting || !/[?&]baru=1/.test(location.search);
  }

  window.KkbQueuePage = { render: render };
})();
