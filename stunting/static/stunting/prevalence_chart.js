/* Stunting prevalence: one line per source and the target path dashed, from a json_script tag
   ({datasets: [{label, source, points: [{x, y, interpolated}], dashed}]}). A source is never
   joined to another: each dataset is its own line. An interpolated year of the path is drawn as
   a hollow point and its tooltip says so. Each point's tooltip says where it comes from (its
   note: source and period, publication, "ilustrasi"; for the path its source document), and a
   click on a figure's point opens its "Asal angka" page (url). The table beside the chart says
   the same, with the same links for keyboard users. */
(function () {
  "use strict";
  var COLOURS = { ssgi: "#0d6efd", ski: "#6f42c1", eppgbm: "#198754", lainnya: "#fd7e14", target: "#6c757d" };

  function pointUrl(chart, elements) {
    if (!elements.length) {
      return "";
    }
    var point = chart.data.datasets[elements[0].datasetIndex].data[elements[0].index];
    return (point && point.url) || "";
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.lineSource);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var targetLabel = canvas.dataset.targetLabel || "Target";
    var interpolatedLabel = canvas.dataset.interpolatedLabel || "interpolated";
    new window.Chart(canvas, {
      type: "line",
      data: {
        datasets: data.datasets.map(function (d) {
          var colour = COLOURS[d.source] || "#212529";
          return {
            label: d.source === "target" ? targetLabel : d.label,
            data: d.points,
            borderColor: colour,
            backgroundColor: colour,
            borderDash: d.dashed ? [6, 4] : [],
            pointRadius: d.source === "eppgbm" ? 1.5 : 4,
            pointBackgroundColor: d.points.map(function (p) { return p.interpolated ? "#fff" : colour; }),
            spanGaps: false,
          };
        }),
      },
      options: {
        locale: document.documentElement.lang || "id",
        animation: false,
        parsing: false,
        onClick: function (event, elements, chart) {
          var url = pointUrl(chart, elements);
          if (url) {
            window.location.href = url;
          }
        },
        onHover: function (event, elements, chart) {
          event.native.target.style.cursor = pointUrl(chart, elements) ? "pointer" : "";
        },
        plugins: {
          tooltip: {
            callbacks: {
              // The year as written (2024, not "2.024"); the note names the month if any.
              title: function (items) {
                return items.length ? String(Math.floor(items[0].parsed.x)) : "";
              },
              afterLabel: function (item) {
                var raw = item.raw || {};
                var lines = raw.note ? [raw.note] : [];
                if (raw.interpolated) {
                  lines.push("(" + interpolatedLabel + ")");
                }
                return lines;
              },
            },
          },
        },
        scales: {
          // Years as written, not as numbers with a thousands separator ("2.024").
          x: { type: "linear", ticks: { stepSize: 1, callback: function (value) { return String(value); } } },
          y: { beginAtZero: true, suggestedMax: 40, title: { display: true, text: "%" } },
        },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-line-source]").forEach(draw);
  });
})();
