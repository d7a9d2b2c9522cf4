#include "core/util/AtomicFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/util/Error.h"

namespace w2s {

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what, int error) {
  throw IoError(path + ": " + what + (error ? " (" + std::string(std::strerror(error)) + ")" : "") +
                "; the file was left unchanged");
}

/// Creates an empty, new file beside `path` (same folder, so rename() stays atomic) and
/// returns its name.
std::string createTemporaryBeside(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::string tmp =
        path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter.fetch_add(1));
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      ::close(fd);
      return tmp;
    }
    if (errno != EEXIST) fail(path, "cannot create a temporary file beside it", errno);
  }
  fail(path, "cannot create a temporary file beside it", EEXIST);
}

/// Removes the temporary file unless the rename consumed it.
struct TemporaryFile {
  std::string path;
  bool keep = false;
  ~TemporaryFile() {
    if (!keep) ::unlink(path.c_str());
  }
};

/// Writes straight into `path` (a device or pipe such as /dev/stdout: nothing to rename over).
void writeDirectly(const std::string& path, const std::function<void(std::ostream&)>& write) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) throw IoError(path + ": cannot open for writing (" + std::strerror(errno) + ")");
  errno = 0;
  write(f);
  f.flush();
  const int error = errno;
  if (!f) {
    throw IoError(path + ": write failed" +
                  (error ? " (" + std::string(std::strerror(error)) + ")" : ""));
  }
}

}  // namespace

void writeFileAtomically(const std::string& destination,
                         const std::function<void(std::ostream&)>& write) {
  struct stat st {};
  if (::stat(destination.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    // Renaming over a device node would replace it (as root, /dev/full itself).
    if (S_ISDIR(st.st_mode)) throw IoError(destination + ": is a folder, expected a file name");
    writeDirectly(destination, write);
    return;
  }
  // A link to a file: replace the file it points to, keep the link.
  std::error_code ec;
  std::string path = destination;
  if (std::filesystem::is_symlink(destination, ec)) {
    const auto resolved = std::filesystem::weakly_canonical(destination, ec);
    if (!ec && !resolved.empty()) path = resolved.string();
  }
  TemporaryFile tmp{createTemporaryBeside(path)};
  {
    std::ofstream f(tmp.path, std::ios::binary | std::ios::trunc);
    if (!f) fail(path, "cannot open a temporary file beside it for writing", errno);
    errno = 0;
    write(f);
    f.flush();
    if (!f) fail(path, "write failed", errno);
    f.close();
    if (f.fail()) fail(path, "write failed while closing", errno);
  }
  // The data must be on disk before the rename makes it visible under the real name.
  const int fd = ::open(tmp.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(path, "cannot reopen the temporary file to flush it", errno);
  const int synced = ::fsync(fd);
  const int syncError = errno;
  ::close(fd);
  if (synced != 0) fail(path, "flushing to disk failed", syncError);
  if (std::rename(tmp.path.c_str(), path.c_str()) != 0) {
    fail(path, "cannot move the finished file into place", errno);
  }
  tmp.keep = true;
}

void writeFileAtomically(const std::string& path, const std::string& contents) {
  writeFileAtomically(path, [&](std::ostream& out) {
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  });
}

}  // namespace w2s
