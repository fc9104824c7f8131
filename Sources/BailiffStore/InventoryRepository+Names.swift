import FluentKit
import SQLKit

extension InventoryRepository {
    /// The service's label and the customer's and reseller's names, for pages.
    public func names(serviceID: String, customerID: String, resellerID: String?) async throws -> (service: String?, customer: String?, reseller: String?) {
        let service = try await store.sql.select().column("label").from("services").where("id", .equal, serviceID).first()?.decode(column: "label", as: String.self)
        let customer = try await store.sql.select().column("name").from("customers").where("id", .equal, customerID).first()?.decode(column: "name", as: String.self)
        let reseller = try await resellerID.asyncFlatMap {
            try await store.sql.select().column("name").from("resellers").where("id", .equal, $0).first()?.decode(column: "name", as: String.self)
        }
        return (service, customer, reseller)
    }
}
