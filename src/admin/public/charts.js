// Charts for the statistics, with Chart.js served by the bot itself (/admin/vendor/chart.umd.min.js,
// from node_modules: no CDN, and nothing the page's CSP `script-src 'self'` forbids). Loaded on first use.
let loading;

/** The Chart constructor, loaded once. */
function chartJs() {
  loading ??= import('/admin/vendor/chart.umd.min.js').then(() => globalThis.Chart);
  return loading;
}

const COLORS = ['#b3261e', '#0b57d0', '#1e6b3a', '#9a5b00', '#6a3ea1', '#00707a', '#5b6570', '#c2185b', '#33691e', '#8d6e63', '#455a64', '#ad1457'];

/**
 * A bar chart on `canvas`: `labels`, `values` (a null value is drawn as nothing: a hidden small count),
 * `horizontal` for long labels, `onPick(index)` when a bar is clicked, `print` for a fixed-size chart
 * without animation (the printable report).
 */
export async function barChart(canvas, { labels, values, label, horizontal = false, onPick, print = false }) {
  const Chart = await chartJs();
  return new Chart(canvas, {
    type: 'bar',
    data: { labels, datasets: [{ label, data: values, backgroundColor: labels.map((_, i) => COLORS[i % COLORS.length]) }] },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      animation: false,
      responsive: !print,
      maintainAspectRatio: false,
      devicePixelRatio: print ? 3 : undefined,
      plugins: { legend: { display: false } },
      scales: { [horizontal ? 'x' : 'y']: { beginAtZero: true, ticks: { precision: 0 } } },
      onClick: onPick ? (_event, items) => items[0] && onPick(items[0].index) : undefined,
      onHover: onPick ? (event, items) => (event.native.target.style.cursor = items.length ? 'pointer' : 'default') : undefined,
    },
  });
}
