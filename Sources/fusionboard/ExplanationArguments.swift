import ArgumentParser
import Foundation
import FusionBoardCore

/// `--llm-endpoint`, `--llm-model`, `--llm-timeout`: optional rephrasing of each summary by a language model.
struct LLMArguments: ParsableArguments {
    @Option(help: "OpenAI-compatible chat-completions URL of a language model that may rephrase each summary (off by default; nothing leaves the machine without it).")
    var llmEndpoint: String?

    @Option(help: "Model name sent with --llm-endpoint.")
    var llmModel: String?

    @Option(help: "Seconds to wait for the model before keeping the deterministic text (at most 3600).")
    var llmTimeout: Double = 30

    static let maximumTimeout: Double = 3600

    func validate() throws {
        if (llmEndpoint == nil) != (llmModel == nil) { throw ValidationError("--llm-endpoint and --llm-model go together") }
        if let llmEndpoint {
            guard let url = URL(string: llmEndpoint), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                throw ValidationError("--llm-endpoint '\(llmEndpoint)' is not an http(s) URL")
            }
        }
        // NaN and infinity reach the HTTP client otherwise (and stop it); an hour is far beyond any useful wait.
        if !llmTimeout.isFinite || llmTimeout <= 0 || llmTimeout > Self.maximumTimeout {
            throw ValidationError("--llm-timeout must be a number of seconds above 0 and at most \(Int(Self.maximumTimeout)), not '\(llmTimeout)'")
        }
    }

    func configuration() -> LLMConfiguration? {
        guard let llmEndpoint, let llmModel, let url = URL(string: llmEndpoint) else { return nil }
        return LLMConfiguration(endpoint: url, model: llmModel, timeout: llmTimeout)
    }
}

/// `--language` and the model options: how `score` explains fusions (`report` takes its own `--language`).
struct ExplanationArguments: ParsableArguments {
    @Option(help: "Language of the explanation text: en or ja.")
    var language: String = "en"

    @OptionGroup var llm: LLMArguments

    func validate() throws {
        if ExplanationLanguage(rawValue: language) == nil { throw ValidationError("--language must be en or ja") }
    }

    func options() -> ExplanationOptions {
        ExplanationOptions(language: ExplanationLanguage(rawValue: language) ?? .en, llm: llm.configuration())
    }
}
