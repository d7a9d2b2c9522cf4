#include "ui/AboutDialog.h"

#include <sqlite3.h>
#include <torch/version.h>  // only the version macros, not the torch API

#include <QMessageBox>
#include <QtGlobal>

namespace w2s {

QString AboutDialog::versionsText() {
  return QStringLiteral("W2S Workbench %1, Qt %2 (built with %3), libtorch %4, SQLite %5")
      .arg(QStringLiteral(W2S_VERSION), QString::fromLatin1(qVersion()),
           QStringLiteral(QT_VERSION_STR), QStringLiteral(TORCH_VERSION),
           QString::fromLatin1(sqlite3_libversion()));
}

QString AboutDialog::html(const QString& storePath) {
  return QStringLiteral(
             "<h3>W2S Workbench %1</h3>"
             "<p>Weak-to-strong generalization experiments: design sweeps, watch them train, "
             "inspect and export every figure.</p>"
             "<table>"
             "<tr><td>Qt</td><td>%2 (built with %3)</td></tr>"
             "<tr><td>libtorch</td><td>%4</td></tr>"
             "<tr><td>SQLite</td><td>%5</td></tr>"
             "<tr><td>Store</td><td>%6</td></tr>"
             "</table>")
      .arg(QStringLiteral(W2S_VERSION), QString::fromLatin1(qVersion()),
           QStringLiteral(QT_VERSION_STR), QStringLiteral(TORCH_VERSION),
           QString::fromLatin1(sqlite3_libversion()), storePath.toHtmlEscaped());
}

void AboutDialog::show(QWidget* parent, const QString& storePath) {
  auto* box = new QMessageBox(QMessageBox::NoIcon, QObject::tr("About W2S Workbench"),
                              html(storePath), QMessageBox::Ok, parent);
  box->setTextFormat(Qt::RichText);
  box->setIconPixmap(QIcon(QStringLiteral(":/w2s/icons/w2s-workbench.svg")).pixmap(64, 64));
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

}  // namespace w2s
