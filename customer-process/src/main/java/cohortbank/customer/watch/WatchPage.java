package cohortbank.customer.watch;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The live view's HTML: a page with the bank's table and the space-time diagram, and the
 * {@linkplain #live live part} alone, which the page fetches again whenever the run changes.
 *
 * <p>Every piece of text taken from the run's files (names, balances, addresses, file names,
 * problems) goes through {@link #escape}; the diagram is the project's SVG renderer's output,
 * which escapes its own text. The page's only script is a few lines of plain JavaScript that
 * poll {@code version} and swap the live part in; without JavaScript the page reloads itself
 * every few seconds instead.
 */
final class WatchPage {

    /** Seconds between two looks at the run, with or without JavaScript. */
    static final int POLL_SECONDS = 1;
    static final int RELOAD_SECONDS_WITHOUT_SCRIPT = 3;

    private WatchPage() {
    }

    /** The whole page, live part included. */
    static String page(String runDir, String version, String live) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>Cohort Bank: live view</title>
                <noscript><meta http-equiv="refresh" content="%d"></noscript>
                <style>
                body { font-family: sans-serif; margin: 1em 2em; color: #222; }
                h1 { font-size: 1.3em; margin-bottom: 0.2em; }
                h2 { font-size: 1.1em; margin: 1.2em 0 0.4em; }
                .where, .note { color: #555; font-size: 0.9em; }
                .problem { color: #8a4b00; }
                table.bank { border-collapse: collapse; }
                table.bank th, table.bank td { border: 1px solid #bbb; padding: 0.2em 0.7em; text-align: left; }
                table.bank td.number { text-align: right; font-variant-numeric: tabular-nums; }
                table.bank tr.exited td { color: #888; }
                #status { font-size: 0.85em; color: #555; }
                #status.stale { color: #b00020; }
                .diagram { overflow: auto; border: 1px solid #ddd; max-height: 65vh; }
                </style>
                </head>
                <body>
                <h1>Cohort Bank: live view</h1>
                <p class="where">run directory <code>%s</code> &middot; <span id="status">updates by itself as the processes act</span></p>
                <div id="live" data-version="%s">
                %s</div>
                <script src="watch.js"></script>
                </body>
                </html>
                """.formatted(RELOAD_SECONDS_WITHOUT_SCRIPT, escape(runDir), escape(version), live);
    }

    /**
     * The page's script, served on its own so that the page can forbid inline scripts: asks
     * for the run's version every second and, when it changed, swaps the live part in.
     */
    static String script() {
        return """
                (function () {
                  var live = document.getElementById('live');
                  var status = document.getElementById('status');
                  function look() {
                    fetch('version', {cache: 'no-store'})
                      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
                      .then(function (version) {
                        status.className = '';
                        status.textContent = 'updates by itself as the processes act';
                        if (version === live.dataset.version) { return null; }
                        return fetch('live', {cache: 'no-store'}).then(function (r) {
                          if (!r.ok) { throw new Error(r.status); }
                          var shown = r.headers.get('X-Run-Version');
                          return r.text().then(function (html) {
                            var box = document.getElementById('diagram');
                            var following = !box || box.scrollTop + box.clientHeight >= box.scrollHeight - 40;
                            var left = box ? box.scrollLeft : 0;
                            var top = box ? box.scrollTop : 0;
                            live.innerHTML = html;
                            live.dataset.version = shown;
                            follow(following, left, top);
                          });
                        });
                      })
                      .catch(function () {
                        status.className = 'stale';
                        status.textContent = 'the watch server is not answering: what you see may be old';
                      })
                      .then(function () { setTimeout(look, %d); });
                  }
                  // The diagram keeps its newest events in sight, unless the reader scrolled up.
                  function follow(following, left, top) {
                    var box = document.getElementById('diagram');
                    if (!box) { return; }
                    box.scrollLeft = left;
                    box.scrollTop = following ? box.scrollHeight : top;
                  }
                  follow(true, 0, 0);
                  setTimeout(look, %d);
                })();
                """.formatted(POLL_SECONDS * 1000, POLL_SECONDS * 1000);
    }

    /** The part that changes: the bank's table, then the diagram. */
    static String live(RunDirectory.Table table, RunDirectory.Diagram diagram) {
        StringBuilder out = new StringBuilder();
        out.append("<h2>The bank's table <span class=\"note\">(data.csv)</span></h2>\n");
        tableHtml(table, out);
        out.append("<h2>Space-time diagram <span class=\"note\">(");
        out.append(diagram.traces().isEmpty() ? "no traces" : escape(String.join(", ", diagram.traces())));
        out.append(")</span></h2>\n");
        if (diagram.problem() != null) {
            out.append("<p class=\"problem\" id=\"diagram-problem\">").append(escape(diagram.problem())).append("</p>\n");
        } else {
            out.append("<p class=\"note\" id=\"diagram-count\">").append(diagram.events()).append(" events");
            if (diagram.skippedLines() > 0) {
                out.append(", ").append(diagram.skippedLines()).append(" unreadable trace lines left out");
            }
            out.append("; the box follows the newest, at the bottom: scroll up for the legend and the start</p>\n");
            out.append("<div class=\"diagram\" id=\"diagram\">\n").append(diagram.svg()).append("</div>\n");
        }
        return out.toString();
    }

    private static void tableHtml(RunDirectory.Table table, StringBuilder out) {
        if (table.problem() != null) {
            out.append("<p class=\"problem\" id=\"table-problem\">").append(escape(table.problem())).append("</p>\n");
            return;
        }
        List<String> header = table.header();
        int balance = header.indexOf("balance");
        int state = header.indexOf("exit_state");
        out.append("<table class=\"bank\" id=\"bank-table\">\n<thead><tr>");
        header.forEach(h -> out.append("<th>").append(escape(h)).append("</th>"));
        out.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : table.rows()) {
            boolean exited = state >= 0 && state < row.size() && !row.get(state).equals("active");
            out.append(exited ? "<tr class=\"exited\">" : "<tr>");
            for (int i = 0; i < row.size(); i++) {
                out.append(i == balance ? "<td class=\"number\">" : "<td>").append(escape(row.get(i))).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n");
        out.append("<p class=\"note\" id=\"table-count\">").append(table.rows().size())
                .append(table.rows().size() == 1 ? " customer" : " customers");
        activeTotal(table, balance, state).ifPresent(total -> out.append("; balances of the active ones add up to ")
                .append(total.toPlainString()));
        out.append("</p>\n");
    }

    /** The sum of the active customers' balances, or empty when a balance is not a number (a file being repaired, say). */
    static Optional<BigDecimal> activeTotal(RunDirectory.Table table, int balance, int state) {
        if (balance < 0) {
            return Optional.empty();
        }
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        for (List<String> row : table.rows()) {
            boolean active = state < 0 || state < row.size() && row.get(state).equals("active");
            if (!active) {
                continue;
            }
            if (balance >= row.size() || !row.get(balance).matches("-?\\d{1,20}(\\.\\d{1,2})?")) {
                return Optional.empty();
            }
            total = total.add(new BigDecimal(row.get(balance)));
        }
        return Optional.of(total);
    }

    /** Text made safe for HTML content and attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(Character.isISOControl(c) && c != '\n' && c != '\t' ? '?' : c);
            }
        }
        return out.toString();
    }
}
