/* Big report tables you can sort, filter and download as CSV.
 *
 * Progressive enhancement of the static table: without this script (or
 * JavaScript) the table reads as it is; with it, each report table of at
 * least MIN_ROWS body rows gets sort buttons in its header cells and a toolbar
 * above it (text filter, "N of M rows", CSV download).  In a browser without
 * scroll-driven animations it also keeps the stylesheet's scroll cue of wide
 * tables up to date.  Plain ES2017, no dependencies, nothing fetched.
 */
(() => {
  "use strict";

  /** Smaller tables are read at a glance: they are left as they are. */
  const MIN_ROWS = 8;
  /** IDs sort naturally (G-9 before G-10), case does not matter. */
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  const NUMBER = /^[+-]?\d+(?:\.\d+)?$/;
  /** What makes a spreadsheet read a cell as a formula (as cli.py's csv_cell). */
  const FORMULA = /^[=+\-@\t\r]/;

  const text = (cell) => (cell ? cell.textContent.replace(/\s+/g, " ").trim() : "");

  /** Order of two cell texts: numbers by value, the rest naturally. */
  const compare = (a, b) =>
    NUMBER.test(a) && NUMBER.test(b) ? Number(a) - Number(b) : collator.compare(a, b);

  /** One CSV cell: RFC 4180 quoting, formula starts made text with a "'". */
  const csvCell = (value) => {
    const safe = FORMULA.test(value) && !NUMBER.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };

  const element = (tag, props, children) => {
    const el = Object.assign(document.createElement(tag), props);
    if (children) el.append(...children);
    return el;
  };

  let serial = 0;
  const names = new Map();

  /** The CSV file's name: the report's id, numbered from its second table. */
  const fileName = (report) => {
    const own = [...report.classList].find((c) => c.startsWith("dd-report-"));
    const name = own ? own.slice("dd-report-".length) : "report";
    const seen = (names.get(name) || 0) + 1;
    names.set(name, seen);
    return `${name}${seen > 1 ? `-${seen}` : ""}.csv`;
  };

  const enhance = (table, report) => {
    const body = table.tBodies[0];
    const head = table.tHead && table.tHead.rows[0];
    if (!body || !head || body.rows.length < MIN_ROWS) return;
    // rows grouped under group rows (":group-by:") are in the order the groups
    // give them: sorting or filtering would tear them from their groups
    if (body.querySelector("tr.dd-group-row")) return;
    const heads = [...head.cells];
    const labels = heads.map(text);
    const rows = [...body.rows].map((row, index) => ({
      row,
      index,
      keys: [...row.cells].map(text),
      haystack: text(row).toLowerCase(),
    }));
    const total = rows.length;
    const file = fileName(report);
    const id = `dd-filter-${++serial}`;

    // -- sorting: a button in each header cell, aria-sort on the sorted one
    let sorted = -1;
    let ascending = true;
    const sortBy = (column) => {
      ascending = column === sorted ? !ascending : true;
      sorted = column;
      const sign = ascending ? 1 : -1;
      rows.sort((x, y) => {
        const a = x.keys[column] || "";
        const b = y.keys[column] || "";
        if (!a || !b) return (a ? 0 : 1) - (b ? 0 : 1) || x.index - y.index; // empty last
        return sign * compare(a, b) || x.index - y.index;
      });
      body.append(...rows.map((r) => r.row));
      heads.forEach((th, i) => {
        if (i === column) th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        else th.removeAttribute("aria-sort");
      });
    };
    heads.forEach((th, column) => {
      const button = element("button", { type: "button", className: "dd-sort" });
      button.addEventListener("click", () => sortBy(column));
      if (th.querySelector("a, button, input")) {
        // a header that is a link keeps it; the button sits beside it
        button.setAttribute("aria-label", `Sort by ${labels[column]}`);
        th.append(" ", button);
      } else {
        button.textContent = labels[column];
        th.replaceChildren(button);
      }
    });

    // -- filtering and the count of shown rows
    const count = element("output", { className: "dd-table-count", htmlFor: id });
    count.setAttribute("aria-live", "polite");
    const show = () => {
      const shown = rows.filter((r) => !r.row.hidden).length;
      count.textContent = `${shown} of ${total} rows`;
    };
    const input = element("input", { type: "search", id, className: "dd-table-filter" });
    input.setAttribute("autocomplete", "off");
    input.addEventListener("input", () => {
      const wanted = input.value.trim().toLowerCase();
      rows.forEach((r) => {
        r.row.hidden = Boolean(wanted) && !r.haystack.includes(wanted);
      });
      table.classList.toggle("dd-filtered", Boolean(wanted));
      show();
    });

    // -- the visible rows, in their order, as CSV
    const download = element("button", { type: "button", className: "dd-table-csv" }, ["CSV"]);
    download.setAttribute("aria-label", `Download the shown rows as CSV (${file})`);
    download.addEventListener("click", () => {
      const shown = [...body.rows].filter((r) => !r.hidden);
      const lines = [labels, ...shown.map((r) => [...r.cells].map(text))];
      const csv = lines.map((cells) => cells.map(csvCell).join(",")).join("\r\n") + "\r\n";
      const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
      const link = element("a", { href: url, download: file, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    });

    const label = element("label", { htmlFor: id }, ["Filter"]);
    const toolbar = element("div", { className: "dd-table-tools" }, [label, input, count, download]);
    let box = table; // the theme's scrolling box, if any, stays around the table alone
    while (box.parentElement && box.parentElement !== report) box = box.parentElement;
    box.before(toolbar);
    show();
  };

  /** A report table's scrolling box: the theme's wrapper, or the table itself. */
  const BOX = [".pst-scrollable-table-container", ".table-wrapper", "table.dd-table"]
    .map((box) => `.dd-report > ${box}`)
    .join(", ");

  /**
   * The scroll cue where CSS cannot drive it from the scroll position (no
   * scroll-driven animations: Firefox).  The classes dd-more-left and
   * dd-more-right say which way a box has more to show, as the stylesheet's
   * animation would; they follow scrolling and any change of size.
   */
  const scrollCue = () => {
    if (window.CSS && CSS.supports("animation-timeline: scroll()")) return;
    const boxes = [...document.querySelectorAll(BOX)];
    const update = (box) => {
      const hidden = box.scrollWidth - box.clientWidth;
      const left = Math.abs(box.scrollLeft); // negative in right-to-left pages
      box.classList.toggle("dd-more-left", hidden > 1 && left > 1);
      box.classList.toggle("dd-more-right", hidden > 1 && left < hidden - 1);
    };
    boxes.forEach((box) => {
      update(box);
      box.addEventListener("scroll", () => update(box), { passive: true });
    });
    if (!window.ResizeObserver) {
      window.addEventListener("resize", () => boxes.forEach(update));
      return;
    }
    // the box (the window narrows) and its table (filtered rows may be narrower)
    const resized = new ResizeObserver((entries) => {
      const changed = new Set(entries.map((entry) => entry.target.closest(BOX)));
      changed.forEach((box) => box && update(box));
    });
    boxes.forEach((box) => {
      resized.observe(box);
      const table = box.querySelector("table");
      if (table) resized.observe(table);
    });
  };

  const start = () => {
    document.querySelectorAll(".dd-report table.dd-table").forEach((table) => {
      enhance(table, table.closest(".dd-report"));
    });
    scrollCue();
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
