#include "core/analysis/ReportTable.h"

#include <algorithm>
#include <iomanip>
#include <map>
#include <sstream>

namespace w2s {

namespace {

std::string num(double v, int decimals = 3) {
  if (std::isnan(v)) return "";
  std::ostringstream s;
  s << std::fixed << std::setprecision(decimals) << v;
  return s.str();
}

ReportCell text(const std::string& t) { return {t, std::nan(""), false}; }
ReportCell number(const std::string& t, double key) { return {t, key, false}; }

std::vector<std::string> headlineOf(const std::vector<ReportRow>& rows, bool auroc) {
  std::map<std::pair<std::string, std::string>, std::vector<const ReportRow*>> byView;
  for (const auto& r : rows) {
    if (r.method != "direct" || !std::isfinite(r.sizeGap) || r.sizeGap <= 0) continue;
    byView[{r.task, r.view}].push_back(&r);
  }
  std::vector<std::string> out;
  if (byView.empty()) return out;
  out.push_back(std::string("headline (") + (auroc ? "PGR on AUROC" : "PGR") +
                " at the largest size gap):");
  for (const auto& [key, members] : byView) {
    double largest = 0;
    for (const ReportRow* r : members) largest = std::max(largest, r->sizeGap);
    const ReportRow* xent = nullptr;
    const ReportRow* conf = nullptr;
    const ReportRow* any = nullptr;
    for (const ReportRow* r : members) {
      if (r->sizeGap < largest - 1e-9) continue;
      if (!any) any = r;
      if (r->loss == "xent" && !xent) xent = r;
      if (r->loss.rfind("logconf", 0) == 0 && !conf) conf = r;
    }
    const ReportRow& base = xent ? *xent : *any;
    auto pgrOf = [auroc](const ReportRow& r) -> const PgrAcrossSeeds& {
      return auroc ? r.pgrAurocSeeds : r.pgrSeeds;
    };
    out.push_back("  " + key.second + " (" + key.first + "), " + base.weakSize + " -> " +
                  base.strongSize + ", gap " + num(largest, 1) + ": " + base.loss + " " +
                  formatPgrCell(pgrOf(base)) + " (" + std::to_string(base.seeds) + " seeds)");
    if (xent && conf) {
      const PgrAcrossSeeds& a = pgrOf(*conf);
      const PgrAcrossSeeds& b = pgrOf(*xent);
      std::string line = "    " + conf->loss + " " + formatPgrCell(a);
      if (a.unstable || b.unstable || !std::isfinite(a.ratio) || !std::isfinite(b.ratio)) {
        line += ": no verdict (unstable)";
      } else {
        const bool overlap =
            std::isfinite(a.lo) && std::isfinite(b.lo) && a.lo <= b.hi && b.lo <= a.hi;
        line += (a.ratio > b.ratio ? ": beat xent by " : ": did not beat xent (") +
                num(std::fabs(a.ratio - b.ratio), 2) + (a.ratio > b.ratio ? "" : ")") +
                (overlap ? ", intervals overlap" : "");
      }
      out.push_back(line);
    }
  }
  return out;
}

}  // namespace

std::string formatMeanCi(const MeanCi& m, int decimals) {
  if (m.n == 0) return "undefined";
  std::string s = num(m.mean, decimals);
  if (m.n > 1) s += " ± " + num((m.hi - m.lo) / 2, decimals);
  return s;
}

std::string reportMethodLabel(const ReportRow& r) {
  std::string loss = methodName(r.loss, r.method);
  if (r.method != "direct" && r.chainSteps > 1 && r.method == "bootstrap") {
    loss += "(" + std::to_string(r.chainSteps) + ")";
  }
  return loss;
}

ReportTable reportTable(const std::vector<ReportRow>& rows, double level, bool auroc,
                        bool bootstrap) {
  ReportTable t;
  t.headline = headlineOf(rows, auroc);
  int fewestSeeds = 1 << 30;
  bool anyUnstable = false;
  for (const auto& r : rows) {
    fewestSeeds = std::min(fewestSeeds, r.seeds);
    anyUnstable |= (auroc ? r.pgrAurocSeeds : r.pgrSeeds).unstable;
  }
  std::string intervals = "mean ± half-width of the " + num(level * 100, 0) + "% " +
                          (bootstrap ? "percentile bootstrap interval" : "t-interval") +
                          " over seeds";
  if (bootstrap && fewestSeeds < kBootstrapMinSeeds) {
    intervals +=
        " (approximate: too narrow below " + std::to_string(kBootstrapMinSeeds) + " seeds)";
  }
  t.notes.push_back(intervals + "; no interval with one seed");
  std::string pgr =
      "PGR = (mean w2s - mean weak) / (mean ceiling - mean weak) over all seeds, with a "
      "delta-method interval";
  if (anyUnstable) {
    t.notes.push_back(pgr + ";");
    pgr = "\"unstable\": the gap ceiling - weak is below " + num(kPgrGapFloor, 2) +
          " or twice its standard error";
  }
  if (auroc) pgr += "; accuracies and PGR on test AUROC";
  t.notes.push_back(pgr);

  t.header = {"task",
              "view",
              "weak",
              "strong",
              "loss",
              "gap",
              auroc ? "weak auroc" : "weak acc",
              auroc ? "ceil auroc" : "ceiling acc",
              auroc ? "w2s auroc" : "w2s acc",
              auroc ? "PGR(auroc)" : "PGR",
              "agree a/r/w",
              "ECE",
              "n"};
  t.pgrColumn = 9;
  for (const auto& r : rows) {
    const MeanCi& weak = auroc ? r.weakAuroc : r.weakAcc;
    const MeanCi& ceiling = auroc ? r.ceilingAuroc : r.ceilingAcc;
    const MeanCi& w2s = auroc ? r.w2sAuroc : r.w2sAcc;
    const PgrAcrossSeeds& p = auroc ? r.pgrAurocSeeds : r.pgrSeeds;
    ReportCell pgrCell = number(formatPgrCell(p), p.unstable ? std::nan("") : p.ratio);
    pgrCell.flagged = p.unstable || !std::isfinite(p.ratio);
    const std::string agree =
        num(r.agreeAll.mean, 2) + "/" + num(r.agreeRight.mean, 2) + "/" + num(r.agreeWrong.mean, 2);
    t.rows.push_back({text(r.task), text(r.view),
                      number(r.weakSize, static_cast<double>(r.weakParams)),
                      number(r.strongSize, static_cast<double>(r.strongParams)),
                      text(reportMethodLabel(r)), number(num(r.sizeGap, 1), r.sizeGap),
                      number(formatMeanCi(weak), weak.n ? weak.mean : std::nan("")),
                      number(formatMeanCi(ceiling), ceiling.n ? ceiling.mean : std::nan("")),
                      number(formatMeanCi(w2s), w2s.n ? w2s.mean : std::nan("")), pgrCell,
                      number(agree, r.agreeAll.mean), number(num(r.w2sEce.mean, 2), r.w2sEce.mean),
                      number(std::to_string(r.seeds), r.seeds)});
  }
  return t;
}

}  // namespace w2s
