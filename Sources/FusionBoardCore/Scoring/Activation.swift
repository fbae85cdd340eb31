/// The hidden-layer activation of the driver networks at inference: tanh, evaluated four lanes at a time.
///
/// tanh(x) = sign(x) · t / (t + 2) with t = expm1(2|x|), and expm1 by range reduction (2|x| = k·ln 2 + r,
/// |r| ≤ ln 2 / 2, ln 2 split in two so k·ln 2 is exact) and its Taylor series to r¹³ (truncation below
/// 10⁻¹⁷ relative), then expm1(2|x|) = 2ᵏ·expm1(r) + (2ᵏ − 1), which never cancels. Small |x| keeps full
/// relative accuracy (no 1 − 2/(e²ˣ + 1) cancellation); 2|x| is clamped at 40, where tanh is 1 in double.
/// Agrees with the C library's tanh to a few units in the last place (tests check it); every lane does the
/// same operations in the same order, so the scalar and vector forms give the same bits.
///
/// At inference a hidden unit's tanh is usually not evaluated from its pre-activation: the attributions need it
/// for all 2ⁿ coalitions of n feature groups, and e^(2·pre) of a coalition is the product of e^(2·bias) and
/// e^(2·share) of its groups, so the kernel takes n + 1 exponentials and 2ⁿ products per unit
/// (``tanh(exponentialOfTwice:)``; while |bias| + Σ|share| ≤ ``productLimit``, else this routine on the sum).
/// The logit does the same products in the same order, so the attributions stay exactly efficient and the full
/// coalition's value is the logit bit for bit. Training keeps the C library's tanh.
enum Activation {
    private static let ln2Hi = 6.93147180369123816490e-01  // 0x3FE62E42FEE00000: k · ln2Hi is exact for |k| < 2¹¹
    private static let ln2Lo = 1.90821492927058770002e-10
    private static let invLn2 = 1.44269504088896338700e+00
    /// 1.5 · 2⁵²: adding it rounds to an integer held in the low bits of the sum.
    private static let shifter = 6755399441055744.0
    private static let signMask: UInt64 = 0x8000_0000_0000_0000

    /// tanh of four values at once.
    @inline(__always)
    static func tanh4(_ x: SIMD4<Double>) -> SIMD4<Double> {
        let bits = unsafeBitCast(x, to: SIMD4<UInt64>.self)
        let sign = bits & SIMD4(repeating: signMask)
        var y = unsafeBitCast(bits & SIMD4(repeating: ~signMask), to: SIMD4<Double>.self)
        y = y + y
        y.replace(with: SIMD4(repeating: 40), where: y .> SIMD4(repeating: 40))
        let shifted = y * invLn2 + SIMD4(repeating: shifter)
        let k = shifted - SIMD4(repeating: shifter)
        let r = (y - k * ln2Hi) - k * ln2Lo
        // expm1(r) = r + r²·(1/2! + r·(1/3! + … + r·1/13!))
        var q = SIMD4<Double>(repeating: 1.0 / 6_227_020_800)
        q = q * r + 1.0 / 479_001_600
        q = q * r + 1.0 / 39_916_800
        q = q * r + 1.0 / 3_628_800
        q = q * r + 1.0 / 362_880
        q = q * r + 1.0 / 40_320
        q = q * r + 1.0 / 5_040
        q = q * r + 1.0 / 720
        q = q * r + 1.0 / 120
        q = q * r + 1.0 / 24
        q = q * r + 1.0 / 6
        q = q * r + 0.5
        let p = r + (r * r) * q
        // 2ᵏ from k's integer bits.
        let kBits = unsafeBitCast(shifted, to: SIMD4<UInt64>.self) &- SIMD4(repeating: shifter.bitPattern)
        let scale = unsafeBitCast((kBits &+ SIMD4(repeating: 1023)) &<< SIMD4(repeating: 52), to: SIMD4<Double>.self)
        let t = scale * p + (scale - 1)
        let magnitude = t / (t + 2)
        return unsafeBitCast(unsafeBitCast(magnitude, to: SIMD4<UInt64>.self) | sign, to: SIMD4<Double>.self)
    }

    /// Largest |bias| + Σ|share| of a hidden unit for which the networks compute its tanh from products of
    /// exponentials: every coalition's |2·pre-activation| stays ≤ 600, so every product lies in [e⁻⁶⁰⁰, e⁶⁰⁰],
    /// far inside the range of a double.
    static let productLimit = 300.0

    /// tanh(x) from E = e²ˣ: (E − 1) / (E + 1). A product of n + 1 exponentials carries a relative error of a
    /// few units in the last place, so this tanh is within a few 1e-16 of the true value (absolute; near 0 its
    /// relative accuracy is lower, which a weighted sum of activations does not see).
    @inline(__always)
    static func tanh(exponentialOfTwice e: Double) -> Double { (e - 1) / (e + 1) }

    /// tanh of one value (the same bits as a lane of ``tanh4(_:)``).
    @inline(__always)
    static func tanh(_ x: Double) -> Double { tanh4(SIMD4(repeating: x))[0] }

    /// tanh of every value of a buffer, in place.
    static func tanhInPlace(_ buffer: UnsafeMutableBufferPointer<Double>) {
        guard let base = buffer.baseAddress else { return }
        let count = buffer.count
        var i = 0
        base.withMemoryRebound(to: Double.self, capacity: count) { p in
            while i + 4 <= count {
                let v = SIMD4(p[i], p[i + 1], p[i + 2], p[i + 3])
                let t = tanh4(v)
                p[i] = t[0]
                p[i + 1] = t[1]
                p[i + 2] = t[2]
                p[i + 3] = t[3]
                i += 4
            }
            while i < count {
                p[i] = tanh(p[i])
                i += 1
            }
        }
    }
}
