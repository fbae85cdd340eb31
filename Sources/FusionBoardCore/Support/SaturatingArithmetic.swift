extension Int {
    /// `self + other`, held at `Int.min`/`Int.max` instead of trapping on overflow.
    @inline(__always)
    func saturatingAdding(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? Int.max : Int.min) : sum
    }
}
