#include "core/sweep/TaskShape.h"

#include "core/data/ImageDatasets.h"
#include "core/data/TaskData.h"
#include "core/data/TextCorpora.h"
#include "core/data/TextTask.h"
#include "core/util/Error.h"

namespace w2s {

TaskShape taskShape(const TaskSpec& task) {
  TaskShape shape;
  int datasetClasses = 0;
  if (const ImageDatasetInfo* images = findImageDataset(task.dataset)) {
    shape.inputShape = {1, images->side, images->side};  // grey images
    datasetClasses = static_cast<int>(images->classNames.size());
  } else if (task.dataset == "synthetic") {
    shape.inputShape = {task.synthetic.dim};
    datasetClasses = task.synthetic.classes;
  } else if (const TextCorpusInfo* corpus = findTextCorpus(task.dataset)) {
    shape.inputShape = {task.maxLen};  // token ids
    shape.tokens = true;
    shape.vocabSize = task.vocabSize;
    shape.numClasses = static_cast<int>(corpus->classNames.size());
    return shape;
  } else if (isTextOrTableDataset(task.dataset)) {
    const auto data = loadTask(task);
    shape.inputShape = data->inputShape;
    shape.numClasses = data->numClasses;
    shape.tokens = data->tokens;
    shape.vocabSize = data->vocabSize;
    return shape;
  } else {
    throw SpecError("task.dataset: unknown data set \"" + task.dataset + "\"");
  }
  // Groups (when given) merge dataset classes: task class i is the union of groups[i].
  shape.numClasses = task.groups.empty() ? datasetClasses : static_cast<int>(task.groups.size());
  return shape;
}

}  // namespace w2s
