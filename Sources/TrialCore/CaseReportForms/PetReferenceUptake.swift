import Foundation

/// The normal-tissue reference measured on a PET/CT (PERCIST 1.0): liver mean and SD, or the
/// blood pool's when the liver is abnormal.
public struct PetReferenceUptake: Hashable, Sendable, Codable {
    public var liverMean: Decimal?
    public var liverSD: Decimal?
    public var bloodPoolMean: Decimal?
    public var bloodPoolSD: Decimal?

    public init(liverMean: Decimal? = nil, liverSD: Decimal? = nil, bloodPoolMean: Decimal? = nil, bloodPoolSD: Decimal? = nil) {
        self.liverMean = liverMean
        self.liverSD = liverSD
        self.bloodPoolMean = bloodPoolMean
        self.bloodPoolSD = bloodPoolSD
    }
}
