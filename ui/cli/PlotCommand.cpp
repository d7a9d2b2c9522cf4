#include "ui/cli/PlotCommand.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <filesystem>
#include <ostream>

#include "core/cli/Args.h"
#include "core/cli/Cli.h"
#include "core/store/RunStore.h"
#include "core/util/Error.h"
#include "core/util/Paths.h"
#include "ui/charts/FigureCatalog.h"
#include "ui/cli/PlotBench.h"
#include "ui/export/FigureExporter.h"

namespace w2s {

namespace {

const char* kHelp =
    "FIGURE --out FILE.pdf|svg|png [--db FILE] [--sweep ID|all]\n"
    "         [--preset icml-column|icml-full|neurips|...] [--width-in 3.25] [--height-in H]\n"
    "         [--dpi 300] [--font-pt 8] [--font-family \"DejaVu Sans\"] [--band "
    "ci95|std|minmax|none]\n"
    "         [--view V] [--loss L] [--task T] [--students HASH,...] [--x step|epoch]\n"
    "         [--y test|train]  (curves: test accuracy, or train accuracy on the given labels)\n"
    "         [--smoothing 0.6] [--no-raw] [--log-y] [--split every|all|right|wrong] [--no-csv]\n"
    "         [--a METHOD] [--b METHOD] [--metric pgr|pgr_auroc|pgr_best|pgr_early|acc|...]\n"
    "         [--panels auto|none|view|loss|task|split|ROWS,COLS]  small multiples\n"
    "       plot --all --out DIR [--format pdf,svg,png] [same options]   every figure\n"
    "       plot --list                                                 the figure names\n"
    "                       figures as paper-ready PDF/SVG/PNG, the plotted data as CSV beside";

QApplication* ensureApp() {
  if (auto* app = qobject_cast<QApplication*>(QCoreApplication::instance())) return app;
  if (QCoreApplication::instance()) {
    throw Error("w2s plot: a non-widget Qt application already exists; charts need QApplication");
  }
  // Plotting never needs a display: render offscreen unless the user chose a platform.
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  static int argc = 1;
  static char name[] = "w2s";
  static char* argv[] = {name, nullptr};
  static QApplication* app = new QApplication(argc, argv);
  return app;
}

double number(const Args& a, const std::string& name, double fallback, double lo, double hi) {
  const auto v = a.value(name);
  if (!v) return fallback;
  try {
    size_t used = 0;
    const double x = std::stod(*v, &used);
    if (used == v->size() && x >= lo && x <= hi) return x;
  } catch (const std::exception&) {
  }
  throw SpecError("w2s plot: --" + name + " " + *v + ": expected a number from " +
                  std::to_string(lo) + " to " + std::to_string(hi));
}

std::vector<std::string> splitList(const std::string& s) {
  std::vector<std::string> out;
  for (const QString& part :
       QString::fromStdString(s).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
    out.push_back(part.trimmed().toStdString());
  }
  return out;
}

FigureOptions figureOptions(const Args& a) {
  FigureOptions o;
  if (auto b = a.value("band")) {
    if (!bandKindFromString(QString::fromStdString(*b), &o.band)) {
      throw SpecError("w2s plot: --band " + *b + ": expected ci95, std, minmax or none");
    }
  }
  const std::string x = a.value("x", "step");
  if (x != "step" && x != "epoch")
    throw SpecError("w2s plot: --x " + x + ": expected step or epoch");
  o.curveX = x == "epoch" ? CurveX::Epoch : CurveX::Step;
  const std::string y = a.value("y", "test");
  if (y != "test" && y != "train")
    throw SpecError("w2s plot: --y " + y + ": expected test or train");
  o.curveY = y == "train" ? CurveY::TrainGivenLabels : CurveY::Test;
  o.smoothing = number(a, "smoothing", 0.6, 0.0, 0.999);
  o.showRaw = !a.flag("no-raw");
  o.logY = a.flag("log-y");
  o.view = a.value("view", "");
  o.loss = a.value("loss", "");
  o.task = a.value("task", "");
  const std::string split = a.value("split", "every");
  if (split == "every")
    o.split = AgreementSplit::Every;
  else if (split == "all")
    o.split = AgreementSplit::All;
  else if (split == "right")
    o.split = AgreementSplit::SupervisorRight;
  else if (split == "wrong")
    o.split = AgreementSplit::SupervisorWrong;
  else
    throw SpecError("w2s plot: --split " + split + ": expected every, all, right or wrong");
  const std::string panels = a.value("panels", "auto");
  if (!facetChoiceFromString(QString::fromStdString(panels), &o)) {
    throw SpecError("w2s plot: --panels " + panels +
                    ": expected auto, none, view, loss, task, split or two of them as ROWS,COLS "
                    "(e.g. view,split)");
  }
  o.methodA = a.value("a", "");
  o.methodB = a.value("b", "");
  const std::string metric = a.value("metric", "pgr");
  if (auto m = outcomeMetricFromString(metric)) {
    o.compareMetric = *m;
  } else {
    throw SpecError("w2s plot: --metric " + metric + ": expected one of " + outcomeMetricNames());
  }
  return o;
}

ExportOptions exportOptions(const Args& a) {
  ExportOptions e;
  if (auto p = a.value("preset")) {
    if (!e.applyPreset(QString::fromStdString(*p))) {
      throw SpecError("w2s plot: --preset " + *p + ": expected one of " +
                      ExportOptions::presetNames().toStdString());
    }
  }
  e.widthIn = number(a, "width-in", e.widthIn, 0.5, 40);
  e.heightIn = number(a, "height-in", 0.0, 0.0, 40);
  e.dpi = a.integer("dpi", 300, 36, 2400);
  e.fontPt = number(a, "font-pt", 8.0, 4, 30);
  e.fontFamily = QString::fromStdString(a.value("font-family", "DejaVu Sans"));
  e.writeCsv = !a.flag("no-csv");
  e.validate();
  return e;
}

// Students may be given by unique hash prefixes, as `w2s status` prints them.
std::vector<std::string> resolveStudents(const FigureData& d, const std::string& list) {
  std::vector<std::string> out;
  for (const std::string& prefix : splitList(list)) {
    std::vector<std::string> hits;
    for (const auto& s : d.students) {
      if (s.hash.rfind(prefix, 0) == 0) hits.push_back(s.hash);
    }
    if (hits.size() != 1) {
      throw SpecError("w2s plot: --students " + prefix + ": " +
                      (hits.empty() ? "no student job has this hash"
                                    : "matches " + std::to_string(hits.size()) + " students"));
    }
    out.push_back(hits.front());
  }
  return out;
}

void exportOne(const QString& name, const FigureData& data, const FigureOptions& fo,
               const QString& path, const ExportOptions& eo, std::ostream& out, std::ostream& err) {
  const ChartSpec spec = FigureCatalog::build(name, data, fo);
  if (spec.isEmpty()) {
    err << "w2s plot: " << name.toStdString() << ": nothing to plot yet ("
        << spec.emptyText.toStdString() << "); writing empty axes\n";
  }
  FigureExporter::exportFigure(spec, path, eo);
  out << "wrote " << path.toStdString();
  if (eo.writeCsv) out << " and " << FigureExporter::csvPathFor(path).toStdString();
  out << "\n";
}

}  // namespace

int plotCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Args a(args, "plot",
         {"db",          "sweep", "out",    "preset", "width-in", "height-in", "dpi",    "font-pt",
          "font-family", "band",  "view",   "loss",   "task",     "students",  "x",      "y",
          "smoothing",   "split", "format", "points", "a",        "b",         "metric", "panels"},
         {"all", "list", "no-raw", "log-y", "no-csv", "bench"});
  if (a.flag("list")) {
    for (const auto& f : FigureCatalog::all()) {
      out << f.name.toStdString() << "  (figure " << f.number.toStdString() << ") "
          << f.title.toStdString() << "\n";
    }
    return 0;
  }
  ensureApp();
  if (a.flag("bench")) return PlotBench::run(out, a.integer("points", 1000000, 1000, 20000000));

  const bool all = a.flag("all");
  if (!all && a.positional().size() != 1) {
    throw SpecError("w2s plot: expected one FIGURE (" + FigureCatalog::names().toStdString() +
                    ") or --all");
  }
  const QString figure = all ? QString() : QString::fromStdString(a.positional().front());
  if (!all && !FigureCatalog::find(figure)) {
    throw SpecError("w2s plot: unknown figure '" + figure.toStdString() + "'; expected one of " +
                    FigureCatalog::names().toStdString());
  }
  const auto outArg = a.value("out");
  if (!outArg) throw SpecError("w2s plot: --out is required (a file, or a folder with --all)");
  const QString outPath = QString::fromStdString(*outArg);
  if (!all) FigureExporter::formatFor(outPath);  // reject a bad suffix before reading the store

  FigureOptions fo = figureOptions(a);
  const ExportOptions eo = exportOptions(a);
  const std::string db = a.value("db", defaultDbPath());
  if (!std::filesystem::exists(db)) {
    throw StoreError(db + ": no run store here (run a sweep first, or pass --db FILE)");
  }
  RunStore store(db, RunStore::OpenMode::ReadOnly);
  std::optional<int64_t> sweep;
  const std::string sweepArg = a.value("sweep", "");
  if (sweepArg.empty()) {
    auto latest = store.latestSweep();
    if (!latest) throw StoreError(db + ": the store holds no sweep yet");
    sweep = latest->id;
  } else if (sweepArg != "all") {
    const int id = a.integer("sweep", 0, 1, 1 << 30);
    if (!store.sweep(id))
      throw SpecError("w2s plot: --sweep " + sweepArg + ": no such sweep in " + db);
    sweep = id;
  }
  FigureData data = FigureData::load(store, sweep);
  if (auto s = a.value("students")) {
    fo.students = resolveStudents(data, *s);
    data = FigureData::load(store, sweep, fo.students);
  }

  if (!all) {
    exportOne(figure, data, fo, outPath, eo, out, err);
    return 0;
  }
  if (!QDir().mkpath(outPath)) throw Error("cannot create the folder " + outPath.toStdString());
  const std::vector<std::string> formats = splitList(a.value("format", "pdf,svg,png"));
  for (const auto& f : formats) {
    if (f != "pdf" && f != "svg" && f != "png") {
      throw SpecError("w2s plot: --format " + f + ": expected pdf, svg or png (comma-separated)");
    }
  }
  // A store with several tasks or supervisor views gets one set of figures per task and view
  // (unless --task/--view picks one): lines of different views would share colours and styles.
  auto splitBy = [](const std::string& chosen, const std::vector<std::string>& present) {
    return chosen.empty() && present.size() > 1 ? present : std::vector<std::string>{chosen};
  };
  auto slug = [](const std::string& v) {
    QString s = QString::fromStdString(v);
    for (QChar& c : s) {
      if (!c.isLetterOrNumber() && c != QLatin1Char('-') && c != QLatin1Char('_'))
        c = QLatin1Char('_');
    }
    return s;
  };
  for (const std::string& task : splitBy(fo.task, data.tasks)) {
    for (const std::string& view : splitBy(fo.view, data.views)) {
      FigureOptions part = fo;
      part.task = task;
      part.view = view;
      QString suffix;
      if (task != fo.task) suffix += QLatin1Char('-') + slug(task);
      if (view != fo.view) suffix += QLatin1Char('-') + slug(view);
      for (const auto& info : FigureCatalog::all()) {
        // A study the sweep did not run (error structures without label_sources, a comparison
        // without two methods) is skipped, not written as empty axes.
        if (!info.skipReason.isEmpty() && FigureCatalog::build(info.name, data, part).isEmpty()) {
          err << "w2s plot: skipped " << info.name.toStdString() << suffix.toStdString() << ": "
              << info.skipReason.toStdString() << "\n";
          continue;
        }
        for (size_t i = 0; i < formats.size(); ++i) {
          ExportOptions e = eo;
          e.writeCsv = eo.writeCsv && i == 0;  // one CSV per figure
          const QString path = QDir(outPath).filePath(info.name + suffix + QLatin1Char('.') +
                                                      QString::fromStdString(formats[i]));
          exportOne(info.name, data, part, path, e, out, err);
        }
      }
    }
  }
  return 0;
}

void registerPlotCommand() { registerCliCommand("plot", kHelp, plotCommand); }

}  // namespace w2s
