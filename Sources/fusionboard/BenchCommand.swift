import ArgumentParser
import Foundation
import FusionBoardCore

/// `fusionboard bench-input` (hidden; `make bench` runs it): input parsing speed on a generated VCF.
struct BenchInput: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-input", abstract: "Time VCF parsing on a generated caller-like file (used by make bench).", shouldDisplay: false)

    @Option(help: "Data records in the generated VCF.")
    var records: Int = 100_000

    @Option(help: "Repetitions (the best and the median are printed).")
    var repetitions: Int = 5

    @Option(help: "Also time the file read as GRCh37 and lifted with this UCSC chain.")
    var chain: String?

    func run() throws {
        try withContractExitCodes {
            let plain = try InputBenchmark.run(records: records, repetitions: repetitions)
            try StandardOutput.line(
                "VCF parse (GRCh38, no liftover): \(plain.records) records, \(plain.bytes / 1_000_000) MB → \(plain.events) events, \(plain.junctions) junctions; best \(String(format: "%.3f", plain.best)) s, median \(String(format: "%.3f", plain.median)) s wall (\(Int(Double(plain.records) / plain.best)) records/s); parsing thread CPU best \(String(format: "%.3f", plain.bestCPU)) s"
            )
            if let chain {
                let liftover = try Liftover(chainFile: chain)
                let lifted = try InputBenchmark.run(records: records, repetitions: repetitions, liftover: liftover, build: .grch37)
                try StandardOutput.line(
                    "VCF parse + liftover (read as GRCh37): best \(String(format: "%.3f", lifted.best)) s, median \(String(format: "%.3f", lifted.median)) s wall; parsing thread CPU best \(String(format: "%.3f", lifted.bestCPU)) s; \(lifted.events) events lifted"
                )
            }
        }
    }
}
