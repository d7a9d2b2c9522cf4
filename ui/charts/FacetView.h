#pragma once
// The window's view of a figure in small multiples (FacetLayout on screen): the panels fill the
// view and follow its size; hovering a point shows its tooltip as on a single chart.
#include <QGraphicsView>
#include <memory>

#include "ui/charts/ChartSpec.h"

namespace w2s {

class FacetLayout;

class FacetView : public QGraphicsView {
  Q_OBJECT

 public:
  explicit FacetView(QWidget* parent = nullptr);
  ~FacetView() override;

  /// Shows `spec` (faceted): points replaced in place when the panels are the same, otherwise
  /// built anew.
  void setSpec(const ChartSpec& spec);
  /// The layout shown, or nullptr before the first setSpec.
  FacetLayout* facetLayout() const { return layout_.get(); }

 Q_SIGNALS:
  /// A point standing for students was clicked in one of the panels.
  void studentsClicked(const QStringList& hashes);

 protected:
  void resizeEvent(QResizeEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;

 private:
  void relayout();
  QGraphicsScene scene_;
  std::unique_ptr<FacetLayout> layout_;
};

}  // namespace w2s
