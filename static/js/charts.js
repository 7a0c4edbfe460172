/* Horizontal bar charts for the dashboards and the Rakerda page. Data
   comes from json_script tags, never inline JS: <canvas data-chart-source="ID"> reads
   {label, labels, values, max, colours, notes, urls} from <script id="ID"> (the last three
   optional, one per bar). A bar's note (where the figure comes from: its source, "ilustrasi")
   shows in its tooltip; a click on a bar opens its "Asal angka" page (urls). Keyboard users
   reach the same pages through the links in the table or heading beside each chart. */
(function () {
  "use strict";

  function pointUrl(urls, elements) {
    return urls && elements.length ? urls[elements[0].index] : "";
  }

  function openPoint(urls, elements) {
    var url = pointUrl(urls, elements);
    if (url) {
      window.location.href = url;
    }
  }

  function drawBarChart(canvas) {
    var source = document.getElementById(canvas.dataset.chartSource);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: data.label, data: data.values, backgroundColor: data.colours || "#0d6efd" },
        ],
      },
      options: {
        indexAxis: "y",
        animation: false,
        // Numbers as the page's language writes them (1.500 in Indonesian, not 1,500).
        locale: document.documentElement.lang || "id",
        // Tall enough for every label: about 30 px per bar (all 24 kab/kota of Sulsel).
        aspectRatio: Math.max(0.5, Math.min(2, 16 / Math.max(data.labels.length, 1))),
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              afterLabel: function (item) {
                return (data.notes && data.notes[item.dataIndex]) || "";
              },
            },
          },
        },
        onClick: function (event, elements) {
          openPoint(data.urls, elements);
        },
        onHover: function (event, elements) {
          event.native.target.style.cursor = pointUrl(data.urls, elements) ? "pointer" : "";
        },
        scales: {
          x: { beginAtZero: true, suggestedMax: data.max, ticks: { precision: 0 } },
          y: { ticks: { autoSkip: false } },
        },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart-source]").forEach(drawBarChart);
    // The print buttons ([data-print]) are behaviours.js's, on every page: a second listener
    // here opened the print dialog twice.
  });
})();
