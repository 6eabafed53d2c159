// The ballot's running total: what the chosen projects cost against the budget.
// Without JavaScript the ballot works the same; the confirm screen shows the total.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("[data-running-total]");
  if (!box) {
    return;
  }
  var budget = parseFloat(box.getAttribute("data-budget"));
  var isLimited = box.hasAttribute("data-limited");
  var points = box.hasAttribute("data-points") ? parseInt(box.getAttribute("data-points"), 10) : null;
  var format = new Intl.NumberFormat(document.documentElement.lang || "nl", {
    style: "currency",
    currency: "EUR",
    maximumFractionDigits: 0,
  });
  var text = box.querySelector("[data-total-text]");
  var meter = box.querySelector("progress");
  var warning = box.querySelector("[data-total-warning]");
  var spentLabel = box.getAttribute("data-label-spent");
  var pointsLabel = box.getAttribute("data-label-points");

  function update() {
    var total = 0;
    var used = 0;
    document.querySelectorAll("[data-cost]").forEach(function (input) {
      var cost = parseFloat(input.getAttribute("data-cost"));
      if (input.type === "checkbox") {
        if (input.checked) {
          total += cost;
        }
      } else if (input.value && input.value !== "0") {
        total += cost;
        used += input.type === "number" ? parseInt(input.value, 10) || 0 : 0;
      }
    });
    if (points !== null) {
      text.textContent = pointsLabel.replace("{used}", used).replace("{total}", points);
      meter.max = points;
      meter.value = Math.min(used, points);
      var overPoints = used > points;
      warning.hidden = !overPoints;
      box.classList.toggle("running-total--over", overPoints);
      return;
    }
    text.textContent = spentLabel.replace("{total}", format.format(total)).replace("{budget}", format.format(budget));
    meter.max = budget;
    meter.value = Math.min(total, budget);
    var over = isLimited && total > budget;
    warning.hidden = !over;
    box.classList.toggle("running-total--over", over);
  }

  box.hidden = false;
  document.querySelectorAll("[data-cost]").forEach(function (input) {
    input.addEventListener("change", update);
    input.addEventListener("input", update);
  });
  update();
});
