import CirculaCore

/// The ledger's amounts use Core's exact quantity vocabulary (`Sources/CirculaCore/Quantities/ExactUnit.swift`);
/// the names stay so the ledger's API reads as before.
public typealias AmountUnit = ExactUnit
public typealias AmountError = CirculaCore.AmountError
