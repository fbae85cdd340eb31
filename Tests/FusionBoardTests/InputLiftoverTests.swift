import Foundation
import Testing

@testable import FusionBoardCore

/// The UCSC chain mapping: known coordinates on the real hg19ToHg38 chain, and overlapping chains on small ones.
@Suite("Input: liftover")
struct InputLiftoverTests {
    @Test func knownCoordinatesOnTheUCSCChain() throws {
        let chain = try #require(InputFixtures.chain, "../shared/kb-sources/liftover/hg19ToHg38.over.chain.gz")
        // BCR exon 14 end and ABL1 exon 2 start (refGene GRCh38 NM_004327 / NM_005157, checked by hand).
        #expect(chain.map(GenomicPosition(chromosome: "22", position: 23_632_600))?.position == GenomicPosition(chromosome: "22", position: 23_290_413))
        #expect(chain.map(GenomicPosition(chromosome: "9", position: 133_729_451))?.position == GenomicPosition(chromosome: "9", position: 130_854_064))
        // TATDN1 exon 1 start (NM_032026, − strand) from STAR-Fusion's SKBR3 call chr8:125551266.
        #expect(chain.map(GenomicPosition(chromosome: "8", position: 125_551_266))?.position.position == 124_539_025)
        // Telomere gaps do not map.
        #expect(chain.map(GenomicPosition(chromosome: "1", position: 2)) == nil)
        // hg19 chrM (NC_001807) is lifted by the chain onto the rCRS; b37 `MT` already is the rCRS and maps to itself.
        let mapper = try CoordinateMapper(build: .grch37, liftover: chain, absentReason: nil, file: "x")
        #expect(mapper.map(GenomicPosition(chromosome: "MT", position: 3000), nil, spelling: "chrM")?.position.position == 2998)
        #expect(mapper.map(GenomicPosition(chromosome: "MT", position: 3000), nil, spelling: "MT")?.position.position == 3000)
        #expect(chain.blockCount > 10_000)
    }

    /// A chain file written here: chain 1 (score 100) is one long block covering source 0–100000; chain 2
    /// (score 500) has 100 short blocks in 10000–20000 mapping to another chromosome, reversed.
    static func overlappingChains() throws -> Liftover {
        var text = "chain 100 chr1 1000000 + 0 100000 chr1 1000000 + 500000 600000 1\n100000\n\n"
        // Chain 2: blocks of 50 with gaps of 50 in both, 100 blocks from 10000 on; target chr2 (size 300000) on −.
        text += "chain 500 chr1 1000000 + 10000 19950 chr2 300000 - 0 9950 2\n"
        for i in 0..<100 { text += i < 99 ? "50\t50\t50\n" : "50\n" }
        text += "\n"
        let path = try InputFixtures.write(text, name: "test.over.chain")
        return try Liftover(chainFile: path)
    }

    @Test func overlappingChainsTheBestScoringContainerWinsHoweverFarBackItStarts() throws {
        let chain = try Self.overlappingChains()
        // Inside a block of chain 2 (higher score): mapped by it, reversed onto chr2.
        // Source 1-based 10001 = 0-based 10000 → target 0-based 0 on −, i.e. 300000 − 1 − 0 → 1-based 300000.
        let a = try #require(chain.map(GenomicPosition(chromosome: "1", position: 10_001)))
        #expect(a.position == GenomicPosition(chromosome: "2", position: 300_000) && a.reversed)
        // In a gap of chain 2 (0-based 10060): only chain 1 covers it → 500000 + 10060, 1-based 510061.
        let b = try #require(chain.map(GenomicPosition(chromosome: "1", position: 10_061)))
        #expect(b.position == GenomicPosition(chromosome: "1", position: 510_061) && !b.reversed)
        // After chain 2's hundred blocks, far from chain 1's block start: still found.
        let c = try #require(chain.map(GenomicPosition(chromosome: "1", position: 50_001)))
        #expect(c.position == GenomicPosition(chromosome: "1", position: 550_001))
        // Outside both.
        #expect(chain.map(GenomicPosition(chromosome: "1", position: 100_001)) == nil)
    }

    @Test func reversedChainsFlipKeptSides() throws {
        let mapper = try CoordinateMapper(build: .grch37, liftover: try Self.overlappingChains(), absentReason: nil, file: "x")
        let mapped = try #require(mapper.map(GenomicPosition(chromosome: "1", position: 10_001), .left))
        #expect(mapped.side == .right)
    }

    @Test func malformedChainIsAnInputError() throws {
        let path = try InputFixtures.write("chain x chr1\n", name: "bad.chain")
        #expect(throws: InputError.self) { try Liftover(chainFile: path) }
    }
}
