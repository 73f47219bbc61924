/// An error a ``CacheStorage`` throws about its database (cannot be reached, cannot be read or written,
/// closed), as opposed to an error about one entry's content.
///
/// A client configured to fail while the store is unavailable fails calls on these, and only these.
public protocol CacheStorageFailure: Error, CustomStringConvertible {}
