#include <gtest/gtest.h>

#include <QCheckBox>
#include <QDoubleSpinBox>

#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <fstream>

#include "core/sweep/Plan.h"
#include "core/sweep/SweepSpec.h"
#include "core/util/Paths.h"
#include "tests/ui/QtAppFixture.h"
#include "tests/ui/UiFixtures.h"
#include "ui/panels/JsonRowTable.h"
#include "ui/panels/SweepDesignerPanel.h"
#include "ui/panels/SweepForm.h"

namespace w2s {
namespace {

std::vector<std::string> planHashes(const nlohmann::json& sweep) {
  std::vector<std::string> hashes;
  for (const Job& j : planSweep(SweepSpec::fromJson(sweep, "test")).jobs) hashes.push_back(j.hash);
  return hashes;
}

class SweepDesignerPanelTest : public test::QtAppTest {
 protected:
  void SetUp() override {
    test::QtAppTest::SetUp();
    dir_ = test::uiTempDir("designer");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(SweepDesignerPanelTest, ValidSweepShowsThePlannedJobs) {
  SweepDesignerPanel panel;
  ASSERT_TRUE(panel.loadJson(QString::fromStdString(test::uiSweepJson().dump())));
  const SweepCheck& check = panel.lastCheck();
  ASSERT_TRUE(check.valid) << check.error.toStdString();
  const Plan plan = planSweep(SweepSpec::fromJson(test::uiSweepJson(), "test"));
  EXPECT_EQ(check.planned, static_cast<int>(plan.jobs.size()));
  EXPECT_EQ(check.students, static_cast<int>(plan.count(JobKind::Student)));
  EXPECT_EQ(panel.form()->markedWidget(), nullptr);
}

TEST_F(SweepDesignerPanelTest, MarksTheFieldCoreRejects) {
  SweepDesignerPanel panel;
  ASSERT_TRUE(panel.loadJson(QString::fromStdString(test::uiSweepJson().dump())));
  SweepForm* form = panel.form();

  form->seedsEdit()->setText(QStringLiteral("0, x"));
  const SweepCheck& bad = panel.validateNow();
  EXPECT_FALSE(bad.valid);
  EXPECT_EQ(bad.errorPath, QStringLiteral("seeds[1]"));
  ASSERT_EQ(form->markedWidget(), form->seedsEdit());
  EXPECT_TRUE(form->seedsEdit()->toolTip().contains(QStringLiteral("seeds[1]")));
  EXPECT_TRUE(form->seedsEdit()->styleSheet().contains(QStringLiteral("border")));

  form->seedsEdit()->setText(QStringLiteral("0, 1"));
  EXPECT_TRUE(panel.validateNow().valid);
  EXPECT_EQ(form->markedWidget(), nullptr);
  EXPECT_TRUE(form->seedsEdit()->styleSheet().isEmpty());

  form->lrEdit()->setText(QStringLiteral("fast"));
  EXPECT_FALSE(panel.validateNow().valid);
  EXPECT_EQ(form->markedWidget(), form->lrEdit());
  form->lrEdit()->setText(QStringLiteral("3e-3"));
  EXPECT_TRUE(panel.validateNow().valid);
}

TEST_F(SweepDesignerPanelTest, MarksALadderCell) {
  SweepDesignerPanel panel;
  ASSERT_TRUE(panel.loadJson(QString::fromStdString(test::uiSweepJson().dump())));
  JsonRowTable* ladder = panel.form()->ladderTable();
  const int width = ladder->columnOf(QStringLiteral("width"));
  ladder->table()->item(1, width)->setText(QStringLiteral("-3"));
  const SweepCheck& check = panel.validateNow();
  ASSERT_FALSE(check.valid);
  EXPECT_EQ(check.errorPath, QStringLiteral("ladder[1].width"));
  EXPECT_EQ(panel.form()->markedWidget(), ladder->table());
  EXPECT_FALSE(ladder->table()->item(1, width)->toolTip().isEmpty());
  EXPECT_TRUE(ladder->table()->item(0, width)->toolTip().isEmpty());
}

TEST_F(SweepDesignerPanelTest, ValidatesOffTheGuiThreadAfterTyping) {
  SweepDesignerPanel panel;
  ASSERT_TRUE(panel.loadJson(QString::fromStdString(test::uiSweepJson().dump())));
  QSignalSpy checked(&panel, &SweepDesignerPanel::checked);
  panel.form()->seedsEdit()->setText(QStringLiteral("0, 0"));  // duplicate seed
  ASSERT_TRUE(checked.wait(10000));
  EXPECT_FALSE(panel.lastCheck().valid);
  EXPECT_EQ(panel.form()->markedWidget(), panel.form()->seedsEdit());
}

TEST_F(SweepDesignerPanelTest, CountsJobsAlreadyInTheStore) {
  const std::string db = (dir_ / "runs.db").string();
  test::makeFixtureStore(db);
  int done = 0;
  {
    RunStore store(db);
    for (const auto& j : store.jobs()) done += j.status == JobStatus::Done;
  }
  SweepDesignerPanel panel;
  panel.setStorePath(QString::fromStdString(db));
  ASSERT_TRUE(panel.loadJson(QString::fromStdString(test::uiSweepJson().dump())));
  const SweepCheck& check = panel.validateNow();
  ASSERT_TRUE(check.valid);
  EXPECT_EQ(check.alreadyDone, done);
  EXPECT_GE(check.etaSeconds, 0.0);  // every planned job has a finished twin to time it by
}

TEST_F(SweepDesignerPanelTest, SaveLoadRoundTripPlansTheSameJobs) {
  for (const nlohmann::json& original : {test::uiSweepJson(), test::uiMiniSweepJson(3)}) {
    SweepDesignerPanel panel;
    ASSERT_TRUE(panel.loadJson(QString::fromStdString(original.dump())));
    const QString path = QString::fromStdString((dir_ / "saved.json").string());
    ASSERT_TRUE(panel.saveFile(path));
    // What the designer writes is what `w2s run` reads, and it plans the same jobs.
    const SweepSpec saved = SweepSpec::fromFile(path.toStdString());
    EXPECT_EQ(planHashes(saved.raw), planHashes(original));
    EXPECT_EQ(saved.name, original["name"].get<std::string>());
    // Loading the saved file gives the same form.
    SweepDesignerPanel again;
    ASSERT_TRUE(again.loadFile(path));
    EXPECT_EQ(again.sweepJson(), panel.sweepJson());
    EXPECT_EQ(again.currentPath(), QFileInfo(path).absoluteFilePath());
  }
}

TEST_F(SweepDesignerPanelTest, RoundTripOfTheShippedSweeps) {
  const auto sweeps = std::filesystem::path(resourceDir()) / "sweeps";
  if (!std::filesystem::exists(sweeps)) GTEST_SKIP() << "no sweeps folder";
  int seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(sweeps)) {
    if (entry.path().extension() != ".json") continue;
    ++seen;
    SweepDesignerPanel panel;
    ASSERT_TRUE(panel.loadFile(QString::fromStdString(entry.path().string())));
    const SweepSpec original = SweepSpec::fromFile(entry.path().string());
    const nlohmann::json saved = nlohmann::json::parse(panel.sweepJson().toStdString());
    EXPECT_EQ(planHashes(saved), planHashes(original.raw)) << entry.path();
  }
  if (seen == 0) GTEST_SKIP() << "no sweep files yet";
}

TEST_F(SweepDesignerPanelTest, MethodsAreEditedAndChangeThePlan) {
  nlohmann::json sweep = test::uiSweepJson();
  sweep["bootstrap"] = true;
  sweep["early_stop"] = {{"val_frac", 0.1}};
  SweepDesignerPanel panel;
  ASSERT_TRUE(panel.loadJson(QString::fromStdString(sweep.dump())));
  EXPECT_TRUE(panel.form()->bootstrapBox()->isChecked());
  EXPECT_FALSE(panel.form()->probeCombosBox()->isChecked());
  EXPECT_DOUBLE_EQ(panel.form()->earlyStopSpin()->value(), 0.1);
  nlohmann::json saved = nlohmann::json::parse(panel.sweepJson().toStdString());
  EXPECT_EQ(planHashes(saved), planHashes(sweep));

  // Probe combinations on, bootstrapping off: the saved sweep plans what core plans for it.
  panel.form()->probeCombosBox()->setChecked(true);
  panel.form()->bootstrapBox()->setChecked(false);
  saved = nlohmann::json::parse(panel.sweepJson().toStdString());
  EXPECT_FALSE(saved.contains("bootstrap"));
  EXPECT_EQ(saved.at("probe_combos"), true);
  nlohmann::json expected = sweep;
  expected.erase("bootstrap");
  expected["probe_combos"] = true;
  EXPECT_EQ(planHashes(saved), planHashes(expected));
  const SweepCheck& check = panel.validateNow();
  ASSERT_TRUE(check.valid) << check.error.toStdString();
  EXPECT_EQ(check.planned, static_cast<int>(planHashes(expected).size()));
}

TEST_F(SweepDesignerPanelTest, FieldsWithoutAnEditorSurviveSaving) {
  nlohmann::json sweep = test::uiSweepJson();
  sweep["pretrain"] = {{"epochs", 3}, {"objective", "next_token"}};
  sweep["task"]["source"] = "imdb";
  sweep["train"]["mode"] = "linear_probe";
  sweep["ladder"][2]["pooling"] = "mean";
  sweep["ladder"][2]["pretrained"] = true;
  sweep["losses"] = {"xent", {{"name", "window"}, {"radius", 0.3}}};
  SweepDesignerPanel panel;
  ASSERT_TRUE(panel.loadJson(QString::fromStdString(sweep.dump())));
  const QStringList kept = panel.form()->keptFields();
  EXPECT_TRUE(kept.contains(QStringLiteral("pretrain")));
  EXPECT_TRUE(kept.contains(QStringLiteral("task.source")));
  EXPECT_TRUE(kept.contains(QStringLiteral("train.mode")));
  // Row fields get a column of their own.
  EXPECT_GE(panel.form()->ladderTable()->columnOf(QStringLiteral("pooling")), 0);

  const nlohmann::json saved = nlohmann::json::parse(panel.sweepJson().toStdString());
  EXPECT_EQ(saved["pretrain"], sweep["pretrain"]);
  EXPECT_EQ(saved["task"]["source"], "imdb");
  EXPECT_EQ(saved["train"]["mode"], "linear_probe");
  EXPECT_EQ(saved["ladder"][2]["pooling"], "mean");
  EXPECT_EQ(saved["ladder"][2]["pretrained"], true);
  EXPECT_FALSE(saved["ladder"][0].contains("pooling"));  // blank cells stay out
  EXPECT_EQ(saved["losses"], sweep["losses"]);

  // Loading another file forgets the first one's extra fields and columns.
  ASSERT_TRUE(panel.loadJson(QString::fromStdString(test::uiSweepJson().dump())));
  EXPECT_TRUE(panel.form()->keptFields().isEmpty());
  EXPECT_LT(panel.form()->ladderTable()->columnOf(QStringLiteral("pooling")), 0);
  EXPECT_FALSE(nlohmann::json::parse(panel.sweepJson().toStdString()).contains("pretrain"));
}

TEST_F(SweepDesignerPanelTest, DropLastIsEditedAndAutoIsNotWritten) {
  auto saved = [](const SweepDesignerPanel& p) {
    return nlohmann::json::parse(p.sweepJson().toStdString())["train"];
  };
  for (const nlohmann::json& value : {nlohmann::json(false), nlohmann::json(true)}) {
    nlohmann::json sweep = test::uiSweepJson();
    sweep["train"]["drop_last"] = value;
    SweepDesignerPanel panel;
    ASSERT_TRUE(panel.loadJson(QString::fromStdString(sweep.dump())));
    EXPECT_FALSE(panel.form()->keptFields().contains(QStringLiteral("train.drop_last")));
    EXPECT_EQ(saved(panel)["drop_last"], value);
    EXPECT_EQ(planHashes(nlohmann::json::parse(panel.sweepJson().toStdString())),
              planHashes(sweep));
  }
  SweepDesignerPanel plain;
  ASSERT_TRUE(plain.loadJson(QString::fromStdString(test::uiSweepJson().dump())));
  EXPECT_FALSE(saved(plain).contains("drop_last"));  // auto: on for logconf, decided per job
}

TEST_F(SweepDesignerPanelTest, MalformedJsonIsAnErrorNotACrash) {
  SweepDesignerPanel panel;
  QSignalSpy errors(&panel, &SweepDesignerPanel::errorOccurred);
  EXPECT_FALSE(panel.loadJson(QStringLiteral("{\"name\": ")));
  EXPECT_EQ(errors.count(), 1);
  EXPECT_FALSE(panel.loadFile(QString::fromStdString((dir_ / "missing.json").string())));
  EXPECT_EQ(errors.count(), 2);
  // A file of the wrong shape still loads into the form; validation names the problem.
  ASSERT_TRUE(panel.loadJson(QStringLiteral("{\"name\": \"x\", \"ladder\": 3}")));
  EXPECT_FALSE(panel.lastCheck().valid);
}

}  // namespace
}  // namespace w2s
