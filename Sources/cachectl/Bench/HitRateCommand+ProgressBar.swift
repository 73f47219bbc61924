import ArgumentParser
import CostControl
import Embeddings
import Foundation
import LLMCore
import SemanticCache
import SemanticEvaluation
import Synchronization

extension HitRateCommand {
    /// A one-line progress bar on standard error, redrawn when the shown percentage changes.
    final class ProgressBar: Sendable {
        private struct State {
            var phase = ""
            var percent = -1
            var drawn = false
        }

        private let enabled: Bool
        private let state = Mutex(State())

        init(enabled: Bool) { self.enabled = enabled }

        func update(_ progress: HitRateProgress) {
            guard enabled else { return }
            let percent = Int(progress.fraction * 100)
            let line: String? = state.withLock { state in
                guard state.phase != progress.phase || state.percent != percent else { return nil }
                state.phase = progress.phase
                state.percent = percent
                state.drawn = true
                let width = 30
                let filled = percent * width / 100
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                return "\r\u{1B}[2K\(progress.phase) [\(bar)] \(percent)% "
                    + "\(progress.completed)/\(progress.total)"
            }
            if let line { FileHandle.standardError.write(Data(line.utf8)) }
        }

        func finish() {
            guard enabled, state.withLock({ $0.drawn }) else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        }
    }
}
