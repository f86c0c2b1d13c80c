// Draws every chart on the page: a <div class="chart" data-figure="{plotly JSON}">, with the plotly.js the
// app serves (/static/plotly.min.js). No inline script: the page's Content-Security-Policy forbids them.
document.querySelectorAll("div.chart[data-figure]").forEach(function (element) {
  var figure = JSON.parse(element.dataset.figure);
  Plotly.newPlot(element, figure.data, figure.layout, {displaylogo: false, responsive: true});
});
