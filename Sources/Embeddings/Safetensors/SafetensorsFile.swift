import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A safetensors file mapped read-only into memory.
///
/// Opening the file parses and checks the JSON header: every tensor's byte range must lie inside
/// the file, match its dtype and shape, and not overlap another tensor. The tensor data is not
/// copied; ``floatTensor(_:shape:)`` hands out pointers into the mapping, which stay valid for as
/// long as this object is alive.
///
/// Format: an 8-byte little-endian header length `n`, `n` bytes of JSON mapping tensor names to
/// `{"dtype", "shape", "data_offsets"}` (plus an optional `__metadata__` object of strings),
/// then the tensor bytes, with offsets relative to the end of the header.
///
/// Safety of `@unchecked Sendable`: every stored property is a `let`. The mapping is created with
/// `PROT_READ` and `MAP_PRIVATE`, so no code in this process can write to it (a write would fault)
/// and changes other processes make to the file are not shared with it; the pages are therefore
/// immutable for the object's whole life. The mapping is released only in `deinit`, which runs when
/// no reference remains, so no pointer obtained through a live reference can outlive it. Concurrent
/// reads of immutable memory are free of data races.
public final class SafetensorsFile: @unchecked Sendable {
    /// The path the file was opened from.
    public let path: String
    /// The tensors in the file, by name.
    public let tensors: [String: SafetensorsTensorInfo]
    /// The free-form `__metadata__` strings of the header.
    public let metadata: [String: String]
    /// The size of the file, which is also the size of the mapping.
    public let byteCount: Int

    private let base: UnsafeRawPointer
    private let dataStart: Int

    /// Maps the file at `path` and checks its header.
    ///
    /// - Throws: ``SafetensorsError`` when the file cannot be opened, is truncated, or has an
    ///   invalid header.
    public init(path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw SafetensorsError.cannotOpen(path: path, reason: Self.systemError())
        }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw SafetensorsError.cannotOpen(path: path, reason: Self.systemError())
        }
        let size = Int(status.st_size)
        guard size >= 8 else {
            throw SafetensorsError.truncated(path: path, expectedBytes: 8, actualBytes: size)
        }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0),
            mapped != UnsafeMutableRawPointer(bitPattern: -1)
        else {
            throw SafetensorsError.cannotOpen(path: path, reason: Self.systemError())
        }

        let parsed: (tensors: [String: SafetensorsTensorInfo], metadata: [String: String], dataStart: Int)
        do {
            parsed = try Self.parseHeader(UnsafeRawBufferPointer(start: mapped, count: size), path: path)
        } catch {
            munmap(mapped, size)
            throw error
        }
        self.path = path
        self.byteCount = size
        self.base = UnsafeRawPointer(mapped)
        self.tensors = parsed.tensors
        self.metadata = parsed.metadata
        self.dataStart = parsed.dataStart
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), byteCount)
    }

    /// The data of a 32-bit float tensor, after checking its dtype and shape.
    ///
    /// The buffer points into the file's mapping: it is valid only while this object is alive and
    /// must never be written to.
    ///
    /// - Parameters:
    ///   - name: The tensor's name.
    ///   - shape: The shape the caller expects.
    /// - Throws: ``SafetensorsError`` when the tensor is absent, not `F32`, of another shape, or
    ///   not aligned for `Float`.
    public func floatTensor(_ name: String, shape: [Int]) throws -> UnsafeBufferPointer<Float> {
        guard let info = tensors[name] else {
            throw SafetensorsError.missingTensor(path: path, tensor: name)
        }
        guard info.dtype == .float32 else {
            throw SafetensorsError.dtypeMismatch(
                path: path, tensor: name, expected: SafetensorsDType.float32.headerName,
                actual: info.dtype.headerName)
        }
        guard info.shape == shape else {
            throw SafetensorsError.shapeMismatch(path: path, tensor: name, expected: shape, actual: info.shape)
        }
        let start = base + dataStart + info.dataOffsets.lowerBound
        guard Int(bitPattern: start) % MemoryLayout<Float>.alignment == 0 else {
            throw SafetensorsError.misaligned(path: path, tensor: name)
        }
        let count = info.elementCount
        return UnsafeBufferPointer(start: start.bindMemory(to: Float.self, capacity: count), count: count)
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }

    private static func parseHeader(
        _ file: UnsafeRawBufferPointer, path: String
    ) throws -> (tensors: [String: SafetensorsTensorInfo], metadata: [String: String], dataStart: Int) {
        let declaredLength = UInt64(littleEndian: file.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        guard declaredLength <= UInt64(file.count - 8) else {
            let expected = declaredLength > UInt64(Int.max - 8) ? Int.max : Int(declaredLength) + 8
            throw SafetensorsError.truncated(path: path, expectedBytes: expected, actualBytes: file.count)
        }
        let headerLength = Int(declaredLength)
        let dataStart = 8 + headerLength
        let dataSize = file.count - dataStart

        let header: SafetensorsHeader
        do {
            let json = Data(UnsafeRawBufferPointer(rebasing: file[8..<dataStart]))
            header = try JSONDecoder().decode(SafetensorsHeader.self, from: json)
        } catch {
            throw SafetensorsError.invalidHeader(path: path, reason: "\(error)")
        }

        var tensors: [String: SafetensorsTensorInfo] = [:]
        var furthestEnd = 0
        for (name, entry) in header.tensors {
            let info = try entry.validated(name: name, path: path)
            furthestEnd = max(furthestEnd, info.dataOffsets.upperBound)
            tensors[name] = info
        }
        guard furthestEnd <= dataSize else {
            throw SafetensorsError.truncated(
                path: path, expectedBytes: dataStart + furthestEnd, actualBytes: file.count)
        }

        let byStart = tensors.values.sorted {
            ($0.dataOffsets.lowerBound, $0.dataOffsets.upperBound) < (
                $1.dataOffsets.lowerBound, $1.dataOffsets.upperBound
            )
        }
        for (previous, next) in zip(byStart, byStart.dropFirst())
        where next.dataOffsets.lowerBound < previous.dataOffsets.upperBound {
            throw SafetensorsError.invalidTensorData(
                path: path, tensor: next.name, reason: "its bytes overlap those of \(previous.name)")
        }
        return (tensors, header.metadata, dataStart)
    }
}
