#include "ui/Theme.h"

#include <QApplication>
#include <QColor>
#include <QEvent>
#include <QStyle>
#include <QStyleFactory>
#include <QTimer>

namespace w2s {

namespace {
bool gDark = false;
QString gSystemStyle;  // the platform's style, restored when the system turns light again
}  // namespace

Theme::Theme(QObject* parent) : QObject(parent) {}

void Theme::install() {
  auto* app = qobject_cast<QApplication*>(QCoreApplication::instance());
  if (!app) return;
  gSystemStyle = QApplication::style()->name();
  auto* theme = new Theme(app);
  app->installEventFilter(theme);
  theme->apply();
}

bool Theme::isDark() { return gDark; }

bool Theme::isDarkPalette(const QPalette& palette) {
  return palette.color(QPalette::Window).lightness() < 128;
}

QPalette Theme::darkPalette() {
  QPalette p;
  const QColor window(0x2B, 0x2B, 0x2B), base(0x1E, 0x1E, 0x1E), text(0xE6, 0xE6, 0xE6);
  const QColor disabled(0x80, 0x80, 0x80);
  p.setColor(QPalette::Window, window);
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, base);
  p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
  p.setColor(QPalette::ToolTipBase, QColor(0x3A, 0x3A, 0x3A));
  p.setColor(QPalette::ToolTipText, text);
  p.setColor(QPalette::PlaceholderText, QColor(0x8C, 0x8C, 0x8C));
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::BrightText, QColor(0xFF, 0x6B, 0x6B));
  p.setColor(QPalette::Link, QColor(0x56, 0xB4, 0xE9));       // Okabe–Ito sky blue
  p.setColor(QPalette::Highlight, QColor(0x00, 0x72, 0xB2));  // Okabe–Ito blue
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::Light, QColor(0x4A, 0x4A, 0x4A));
  p.setColor(QPalette::Midlight, QColor(0x3E, 0x3E, 0x3E));
  p.setColor(QPalette::Mid, QColor(0x30, 0x30, 0x30));
  p.setColor(QPalette::Dark, QColor(0x1A, 0x1A, 0x1A));
  p.setColor(QPalette::Shadow, Qt::black);
  for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
    p.setColor(QPalette::Disabled, role, disabled);
  }
  p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x45, 0x45, 0x45));
  return p;
}

void Theme::apply() {
  auto* app = qobject_cast<QApplication*>(QCoreApplication::instance());
  if (!app || applying_) return;
  applying_ = true;
  const QByteArray forced = qgetenv("W2S_THEME").toLower();
  // An empty palette makes Qt fall back to the platform theme's, i.e. the system's choice.
  QApplication::setPalette(QPalette());
  const bool dark =
      forced == "dark" || (forced != "light" && isDarkPalette(QApplication::palette()));
  if (dark) {
    // Fusion draws every control from the palette, so the dark colours reach all widgets.
    if (QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion")))
      QApplication::setStyle(fusion);
    QApplication::setPalette(darkPalette());
  } else if (gDark && !gSystemStyle.isEmpty()) {
    if (QStyle* system = QStyleFactory::create(gSystemStyle)) QApplication::setStyle(system);
  }
  gDark = dark;
  applying_ = false;
}

bool Theme::eventFilter(QObject* watched, QEvent* event) {
  // ThemeChange reaches every window: coalesce them into one re-application.
  if (event->type() == QEvent::ThemeChange && !pending_ && !applying_) {
    pending_ = true;
    QTimer::singleShot(100, this, [this] {
      pending_ = false;
      apply();
    });
  }
  return QObject::eventFilter(watched, event);
}

}  // namespace w2s
