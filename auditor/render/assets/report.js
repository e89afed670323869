/* auditor HTML report: views, filters and change-by-change navigation.
   Reads only attributes written by the renderer (data-*), never document text. */
(function () {
  "use strict";
  var d = document;
  var items = Array.prototype.slice.call(d.querySelectorAll("#change-list > li.item"));
  var prefixes = { side: "sbs", redline: "rl", pages: "pg" };
  var view = "side";
  var current = -1;
  var pos = d.getElementById("pos");
  var shown = d.getElementById("shown");
  var section = d.getElementById("f-sec");
  var boxes = Array.prototype.slice.call(d.querySelectorAll('input[name="cls"]'));
  var viewButtons = Array.prototype.slice.call(d.querySelectorAll("button[data-view]"));

  function visible() { return items.filter(function (li) { return !li.hidden; }); }

  var byKey = null;  /* change key → its marks in all views, collected once */
  function marks(key) {
    if (byKey === null) {
      byKey = {};
      Array.prototype.forEach.call(d.querySelectorAll("[data-c]:not(li)"), function (el) {
        var k = el.getAttribute("data-c");
        (byKey[k] = byKey[k] || []).push(el);
      });
    }
    return byKey[key] || [];
  }

  function setView(name) {
    if (!d.getElementById("view-" + name)) { return; }
    view = name;
    ["side", "redline", "pages"].forEach(function (v) {
      var el = d.getElementById("view-" + v);
      if (el) { el.hidden = v !== name; }
    });
    viewButtons.forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-view") === name ? "true" : "false");
    });
    d.body.setAttribute("data-view", name);
  }

  function target(li) {
    var key = li.getAttribute("data-c");
    return d.getElementById(prefixes[view] + "-" + key) ||
      (view === "pages" ? null : d.getElementById("sbs-" + key)) || li;
  }

  var lit = [];  /* elements marked as the current change */
  function clearCurrent() {
    lit.forEach(function (el) { el.classList.remove("cur"); });
    lit = [];
  }
  function light(el) { el.classList.add("cur"); lit.push(el); }

  function show(li) {
    var list = visible();
    var at = list.indexOf(li);
    if (at < 0) { return; }
    current = at;
    clearCurrent();
    light(li);
    marks(li.getAttribute("data-c")).forEach(light);
    var el = target(li);
    if (el === li && view === "pages") { setView("side"); el = target(li); }
    var fold = el.closest ? el.closest("details") : null;
    if (fold && !fold.open) { fold.open = true; }
    if (el !== li) { reveal(li); }
    el.scrollIntoView({ block: "center" });
    if (el.focus) { el.focus({ preventScroll: true }); }
    pos.textContent = "Change " + (at + 1) + " of " + list.length + ": " +
      li.getAttribute("data-cls") + " (" + li.querySelector(".num").textContent + ")";
  }

  /* Scroll the change list (its own scroll box on wide screens) so that li shows. */
  function reveal(li) {
    var box = d.getElementById("changes");
    if (!box || box.scrollHeight <= box.clientHeight) { return; }
    var top = li.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    if (top < box.scrollTop || top + li.offsetHeight > box.scrollTop + box.clientHeight) {
      box.scrollTop = Math.max(0, top - box.clientHeight / 3);
    }
  }

  function step(delta) {
    var list = visible();
    if (!list.length) { pos.textContent = "No change to show"; return; }
    var next = current + delta;
    if (next < 0) { next = list.length - 1; }
    if (next >= list.length) { next = 0; }
    show(list[next]);
  }

  function applyFilters() {
    var classes = {};
    boxes.forEach(function (b) { classes[b.value] = b.checked; });
    var sec = section ? section.value : "";
    items.forEach(function (li) {
      var on = classes[li.getAttribute("data-cls")] !== false &&
        (sec === "" || li.getAttribute("data-sec") === sec);
      li.hidden = !on;
      marks(li.getAttribute("data-c")).forEach(function (el) { el.classList.toggle("off", !on); });
    });
    var n = visible().length;
    shown.textContent = "Showing " + n + " of " + items.length + " changes";
    current = -1;
    clearCurrent();
    pos.textContent = n ? "No change selected" : "No change matches the filters";
  }

  boxes.forEach(function (b) { b.addEventListener("change", applyFilters); });
  if (section) { section.addEventListener("change", applyFilters); }
  viewButtons.forEach(function (b) {
    b.addEventListener("click", function () { setView(b.getAttribute("data-view")); });
  });
  d.getElementById("next").addEventListener("click", function () { step(1); });
  d.getElementById("prev").addEventListener("click", function () { step(-1); });
  items.forEach(function (li) {
    li.querySelector("a.go").addEventListener("click", function (e) {
      e.preventDefault();
      show(li);
    });
  });

  d.addEventListener("click", function (e) {
    var el = e.target && e.target.closest ? e.target.closest(".chg[data-c], svg a[data-c]") : null;
    if (!el) { return; }
    var li = d.getElementById("item-" + el.getAttribute("data-c"));
    if (li && !li.hidden) {
      if (el.tagName.toLowerCase() === "a") { e.preventDefault(); }
      show(li);
    }
  });

  d.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) { return; }
    var tag = (e.target && e.target.tagName) || "";
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") { return; }
    if (e.key === "j" || e.key === "n") { step(1); e.preventDefault(); }
    else if (e.key === "k" || e.key === "p") { step(-1); e.preventDefault(); }
  });

  d.body.classList.remove("nojs");
  setView(viewButtons.length ? viewButtons[0].getAttribute("data-view") : "side");
})();
