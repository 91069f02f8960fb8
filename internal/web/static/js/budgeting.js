// Budgeting pages work as plain forms; this script only adds comfort:
// the money left updates as a voter ticks projects, the phase countdown
// ticks, and a proposer can fill the location from their phone.
(function () {
  "use strict";
  var lang = document.documentElement.lang === "en" ? "en" : "fa";
  var digits = new Intl.NumberFormat(lang === "fa" ? "fa-IR" : "en-US");
  var words = lang === "fa"
    ? { unit: " ریال", million: " میلیون ریال", billion: " میلیارد ریال", dot: "٫", day: " روز", hour: " ساعت" }
    : { unit: " rials", million: " million rials", billion: " billion rials", dot: ".", day: " days", hour: " hours" };

  // money mirrors the server's format: millions or billions when exact to
  // two decimals, every digit otherwise.
  function money(n) {
    var units = [[1e9, words.billion], [1e6, words.million]];
    for (var i = 0; i < units.length; i++) {
      var size = units[i][0];
      if (n >= size && n % (size / 100) === 0) {
        var whole = Math.floor(n / size), frac = (n % size) / (size / 100);
        var s = digits.format(whole);
        if (frac) {
          s += words.dot + String(frac < 10 ? "0" + frac : frac).replace(/0$/, "").replace(/\d/g, function (d) { return digits.format(+d); });
        }
        return s + units[i][1];
      }
    }
    return digits.format(n) + words.unit;
  }

  function ballot(form) {
    var budget = +form.dataset.budget;
    var boxes = form.querySelectorAll("input[type=checkbox][data-cost]");
    var chosen = document.getElementById("chosen"), left = document.getElementById("left"), over = document.getElementById("over"),
      overby = document.getElementById("overby");
    if (!chosen || !left) { return; }
    function update() {
      var sum = 0;
      boxes.forEach(function (b) { if (b.checked) { sum += +b.dataset.cost; } });
      chosen.textContent = money(sum);
      left.textContent = money(Math.max(budget - sum, 0));
      overby.textContent = money(Math.max(sum - budget, 0));
      over.hidden = sum <= budget;
      boxes.forEach(function (b) { b.closest("tr").classList.toggle("unaffordable", !b.checked && sum + +b.dataset.cost > budget); });
    }
    boxes.forEach(function (b) { b.addEventListener("change", update); });
    update();
  }

  function countdown(el) {
    var end = Date.parse(el.getAttribute("datetime"));
    function tick() {
      var ms = end - Date.now();
      if (ms <= 0) { return; }
      var days = Math.floor(ms / 864e5);
      el.textContent = days >= 1 ? digits.format(days) + words.day : digits.format(Math.max(1, Math.floor(ms / 36e5))) + words.hour;
    }
    tick();
    setInterval(tick, 60000);
  }

  function locate(button) {
    if (!navigator.geolocation) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        document.getElementById("lat").value = pos.coords.latitude.toFixed(6);
        document.getElementById("lon").value = pos.coords.longitude.toFixed(6);
      });
    });
  }

  document.querySelectorAll("form.ballot").forEach(ballot);
  document.querySelectorAll("time[data-countdown]").forEach(countdown);
  document.querySelectorAll("button[data-locate]").forEach(locate);
})();
