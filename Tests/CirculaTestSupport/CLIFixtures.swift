/// Inputs several CLI test suites share.
public enum CLIFixtures {
    /// The credit factor the bundled balance derives for recycled Cu into cathode on the sample lots
    /// (`circula balance --conversion-factor`); accounts opened at it take the credits of `issue --from-balance`.
    public static let sampleCreditFactor = "0.995492"

    /// `ledger init` arguments: site `site`, product `cu-cathode` (Cu, g), a pool account and the accounts ring-fenced
    /// for the sample's two customers (their own scrap is among the sample lots), all at `factor`.
    public static func ledgerInit(site: String = "s1", factor: String = sampleCreditFactor) -> [String] {
        ["ledger", "init", "--site", "\(site)=Smelter", "--product", "cu-cathode=Cu:cathode",
         "--account", "pool-cu=\(site):cu-cathode:\(factor)",
         "--account", "alpha-cu=\(site):cu-cathode:\(factor):Customer Alpha",
         "--account", "beta-cu=\(site):cu-cathode:\(factor):Customer Beta"]
    }

    /// The fixed columns of a lot file with one copper assay column.
    public static let lotHeader = "lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],Cu[%]"
}
