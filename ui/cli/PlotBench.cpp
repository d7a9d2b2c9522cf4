#include "ui/cli/PlotBench.h"

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <ostream>
#include <random>

#include "ui/charts/ChartView.h"
#include "ui/charts/FigureCatalog.h"
#include "ui/charts/FigureChart.h"
#include "ui/charts/FigureStyle.h"
#include "ui/export/FigureExporter.h"

namespace w2s {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// One student with an n-point noisy learning curve, supervisor and ceiling known.
FigureData curveData(int n) {
  FigureData d;
  StudentInfo s;
  s.hash = "bench-student";
  s.weakHash = "bench-weak";
  s.ceilingHash = "bench-ceiling";
  s.weakSize = "w16";
  s.strongSize = "w256";
  s.loss = "xent";
  s.view = "clean";
  s.status = JobStatus::Running;
  s.supervisorAcc = 0.72;
  s.ceilingAcc = 0.86;
  d.students = {s};
  d.weakSizes = {"w16"};
  d.strongSizes = {"w256"};
  d.views = {"clean"};
  d.losses = {"xent"};
  d.curveStudents = {s.hash};
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0.0, 0.01);
  auto& c = d.curves[s.hash];
  c.resize(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / n;
    c[static_cast<size_t>(i)].step = i;
    c[static_cast<size_t>(i)].epoch = 2.0 * t;
    // Rises, then overfits the weak labels; occasional spikes that downsampling must keep.
    c[static_cast<size_t>(i)].testAcc =
        0.5 + 0.32 * (1 - std::exp(-8 * t)) - 0.05 * t + noise(rng) + (i % 9973 == 0 ? 0.08 : 0.0);
  }
  return d;
}

// A 4 x 4 size sweep with 2 losses and 3 seeds, for the size figures' export times.
FigureData sizeData() {
  FigureData d;
  const std::vector<std::pair<std::string, int64_t>> sizes = {
      {"w8", 6000}, {"w32", 26000}, {"w128", 110000}, {"w512", 420000}};
  std::mt19937 rng(3);
  std::normal_distribution<double> noise(0.0, 0.01);
  for (const auto& [n, p] : sizes) {
    d.weakSizes.push_back(n);
    d.strongSizes.push_back(n);
  }
  d.views = {"clean"};
  d.losses = {"xent", "logconf"};
  for (size_t w = 0; w < sizes.size(); ++w) {
    for (size_t s = w; s < sizes.size(); ++s) {
      for (const auto& loss : d.losses) {
        for (uint64_t seed = 0; seed < 3; ++seed) {
          StudentOutcome o;
          o.studentHash = "s" + std::to_string(w) + std::to_string(s) + loss + std::to_string(seed);
          o.weakHash = "w" + std::to_string(w) + std::to_string(seed);
          o.ceilingHash = "c" + std::to_string(s) + std::to_string(seed);
          o.task = "bench";
          o.view = "clean";
          o.weakSize = sizes[w].first;
          o.strongSize = sizes[s].first;
          o.loss = loss;
          o.seed = seed;
          o.weakParams = sizes[w].second;
          o.strongParams = sizes[s].second;
          o.sizeGap = std::log10(static_cast<double>(o.strongParams) / o.weakParams);
          o.weakAcc = 0.65 + 0.05 * w + noise(rng);
          o.ceilingAcc = 0.70 + 0.05 * s + noise(rng);
          o.w2sAcc = (o.weakAcc + o.ceilingAcc) / 2 + noise(rng);
          o.w2sBestAcc = o.w2sAcc + 0.01;
          o.pgr = (o.w2sAcc - o.weakAcc) / (o.ceilingAcc - o.weakAcc);
          o.pgrBest = (o.w2sBestAcc - o.weakAcc) / (o.ceilingAcc - o.weakAcc);
          o.agree = {0.9, 0.95, 0.6};
          d.outcomes.push_back(o);
        }
      }
    }
  }
  return d;
}

}  // namespace

int PlotBench::run(std::ostream& out, int maxPoints) {
  out << std::fixed << std::setprecision(1);
  out << "figure 1 redraw, 1000x600 px view, median of 5 (ms)\n";
  out << "  live update = rebuild the figure from the data, replace its points (downsampled), "
         "paint;\n  zoom/pan = re-downsample the full curve for the new axis range, paint\n";
  out << "  points    build+smooth  replace(downsample)  paint   live total  zoom/pan  drawn pts\n";
  ChartView view;
  view.resize(1000, 600);
  view.show();
  FigureOptions options;
  options.smoothing = 0.6;
  options.table = false;  // as the window's live redraws: the CSV table is built on export
  for (int n = 10000; n <= maxPoints; n *= 10) {
    FigureData data = curveData(n);
    // The first build makes the chart (as selecting the figure does); redraws then replace.
    view.setFigureChart(
        new FigureChart(FigureCatalog::build("curves", data, options), FigureStyle::screen()));
    QImage frame(view.size(), QImage::Format_ARGB32_Premultiplied);
    std::vector<double> build, replace, paint, total;
    for (int rep = 0; rep < 5; ++rep) {
      data.curves.begin()->second.back().testAcc += 1e-6;  // new data, as a live update brings
      const auto t0 = Clock::now();
      ChartSpec spec = FigureCatalog::build("curves", data, options);
      const double b = msSince(t0);
      const auto t1 = Clock::now();
      view.figureChart()->updateData(std::move(spec));
      const double r = msSince(t1);
      const auto t2 = Clock::now();
      QPainter painter(&frame);
      view.render(&painter);
      painter.end();
      const double p = msSince(t2);
      build.push_back(b);
      replace.push_back(r);
      paint.push_back(p);
      total.push_back(b + r + p);
    }
    std::vector<double> zoom;
    for (int rep = 0; rep < 5; ++rep) {
      const auto t0 = Clock::now();
      view.figureChart()->fitToData();  // new axis range: every point bucketed again
      QPainter painter(&frame);
      view.render(&painter);
      painter.end();
      zoom.push_back(msSince(t0));
    }
    out << "  " << std::setw(8) << n << "  " << std::setw(12) << median(build) << "  "
        << std::setw(19) << median(replace) << "  " << std::setw(6) << median(paint) << "  "
        << std::setw(11) << median(total) << "  " << std::setw(8) << median(zoom) << "  "
        << std::setw(9) << view.figureChart()->drawnPointCount(1) << "\n";
  }

  QTemporaryDir dir;
  ExportOptions eo;  // ICML column, 300 dpi
  eo.writeCsv = false;
  out << "export, " << eo.widthIn << " x " << std::setprecision(2) << eo.height() << " in, PNG at "
      << eo.dpi << " dpi (ms, one run each)\n"
      << std::setprecision(1);
  out << "  figure              pdf      svg      png\n";
  const FigureData big = curveData(maxPoints);
  const FigureData sizes = sizeData();
  struct Case {
    const char* label;
    const char* figure;
    const FigureData* data;
  };
  const Case cases[] = {{"curves (max pts)", "curves", &big},
                        {"accuracy", "accuracy", &sizes},
                        {"pgr", "pgr", &sizes},
                        {"heatmap", "heatmap", &sizes}};
  for (const Case& c : cases) {
    const ChartSpec spec = FigureCatalog::build(c.figure, *c.data, options);
    out << "  " << std::left << std::setw(18) << c.label << std::right;
    for (const char* suffix : {".pdf", ".svg", ".png"}) {
      const auto t0 = Clock::now();
      FigureExporter::exportFigure(spec, dir.filePath(QLatin1String(c.figure) + suffix), eo);
      out << "  " << std::setw(7) << msSince(t0);
    }
    out << "\n";
  }
  return 0;
}

}  // namespace w2s
