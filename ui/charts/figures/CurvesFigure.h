#pragma once
#include <QString>
#include <map>
#include <string>
#include <vector>

#include "ui/charts/ChartSpec.h"
#include "ui/charts/FigureData.h"
#include "ui/charts/FigureOptions.h"

namespace w2s {

/// Figure 1: test accuracy vs training step (or epoch) of chosen students (paper Fig. 7a/13),
/// with their supervisor's and ceiling's final accuracy as horizontal references, the de-biased
/// EMA over the full-resolution curve (raw drawn faintly beside it), best and final marked.
class CurvesFigure {
 public:
  static ChartSpec build(const FigureData& data, const FigureOptions& options);

  /// Names the drawn students by what tells them apart ("w4", "w8 · seed 1"); what they share
  /// goes into one note, so a paper-column legend is not five copies of "→ s64 · xent · seed 0".
  struct StudentNames {
    std::map<std::string, QString> byHash;
    QString shared;
  };
  /// Names of the students of `hashes` that have a loaded curve.
  static StudentNames studentNames(const FigureData& data, const std::vector<std::string>& hashes);

  /// One student's line over training: `raw` drawn faintly when `showRaw`, `smooth` (same x
  /// values) as the line, the highest raw point (▲, named NAME + " " + `peakName`) and the last
  /// (●) as markers with tooltip notes. Returns the legend group of the four series.
  struct TrainingLine {
    QString name;
    QString student;  ///< the student's hash (SeriesSpec::student of all four series)
    QColor color;
    Qt::PenStyle penStyle = Qt::SolidLine;
    QList<QPointF> raw;
    std::vector<double> smooth;
    bool showRaw = true;
    QString peakName, peakNote, finalNote;
  };
  static int addTrainingLine(ChartSpec& spec, const TrainingLine& line);
  /// A marker-only series (not in the legend) in `group`.
  static SeriesSpec markerSeries(const QString& name, const QColor& color, Marker marker,
                                 int group);
};

}  // namespace w2s
