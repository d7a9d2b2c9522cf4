#pragma once
// Error types of the engine. Every message names the file, field or row and what was expected.
#include <stdexcept>
#include <string>

namespace w2s {

/// Base of all errors the engine reports to a user.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A data file is missing, truncated or malformed.
class DataError : public Error {
 public:
  using Error::Error;
};

/// A sweep file or config field is invalid.
class SpecError : public Error {
 public:
  using Error::Error;
};

/// A file could not be written (disk full, read-only folder, file size limit...).
class IoError : public Error {
 public:
  using Error::Error;
};

/// The run store could not be opened, migrated or written.
class StoreError : public Error {
 public:
  using Error::Error;
};

/// The store stayed locked by another connection past the busy timeout (SQLITE_BUSY or
/// SQLITE_LOCKED): the same operation may succeed when retried later.
class StoreBusyError : public StoreError {
 public:
  using StoreError::StoreError;
};

/// Work was stopped through a CancelToken.
class Cancelled : public Error {
 public:
  Cancelled() : Error("cancelled") {}
};

}  // namespace w2s
