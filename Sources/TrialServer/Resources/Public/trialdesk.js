// TrialDesk pages: the live check of a form being typed. The server applies every rule (TrialCore);
// this script only sends the form and shows what comes back, in the page's language.
(function () {
  "use strict";

  function clear(list) {
    while (list && list.firstChild) { list.removeChild(list.firstChild); }
  }

  function item(list, text) {
    if (!list) { return; }
    var li = document.createElement("li");
    li.textContent = text;
    list.appendChild(li);
  }

  function show(form, answer) {
    var response = document.getElementById("live-response");
    var warnings = document.getElementById("live-warnings");
    var errors = document.getElementById("live-errors");
    clear(response); clear(warnings); clear(errors);
    form.querySelectorAll("[data-feedback-for]").forEach(function (node) {
      if (!node.classList.contains("error")) { node.textContent = ""; node.classList.remove("warning"); }
    });
    function place(message, kind) {
      var target = null;
      form.querySelectorAll("[data-feedback-for]").forEach(function (node) {
        if (node.getAttribute("data-feedback-for") === message.field) { target = node; }
      });
      if (target && !target.classList.contains("error")) {
        target.textContent = message.message;
        target.classList.add("warning");
      }
      // Named by the field's label as the page shows it (in the page's language), not by its data path.
      var label = target ? target.getAttribute("data-label") : null;
      item(kind === "error" ? errors : warnings, (label ? label + ": " : "") + message.message);
    }
    (answer.errors || []).forEach(function (m) { place(m, "error"); });
    (answer.warnings || []).forEach(function (m) { place(m, "warning"); });
    (answer.response || []).forEach(function (line) {
      var dt = document.createElement("dt");
      dt.textContent = line.label;
      var dd = document.createElement("dd");
      dd.textContent = line.value;
      response.appendChild(dt);
      response.appendChild(dd);
    });
  }

  function start(form) {
    // The live check answers in this page's language, whatever the session remembers.
    var url = form.getAttribute("data-preview");
    url += (url.indexOf("?") < 0 ? "?" : "&") + "lang=" + encodeURIComponent(document.documentElement.lang);
    var token = form.querySelector("input[name=_csrf]");
    var timer = null;
    var sent = 0;
    function check() {
      var number = ++sent;
      var body = new URLSearchParams(new FormData(form));
      fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": token ? token.value : "", "Accept": "application/json" },
        body: body.toString(),
        credentials: "same-origin"
      }).then(function (reply) {
        return reply.ok ? reply.json() : null;
      }).then(function (answer) {
        if (answer && number === sent) { show(form, answer); }
      }).catch(function () { /* the save itself reports every problem */ });
    }
    function later() {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(check, 400);
    }
    form.addEventListener("input", later);
    form.addEventListener("change", later);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-preview]").forEach(start);
  });
})();
