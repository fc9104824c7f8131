import Testing
@testable import BailiffCore

@Suite struct ConfigurationTests {
    @Test func defaultsNeedNoFile() throws {
        let configuration = try ConfigurationLoader.load(fileText: nil, environment: [:], dataDirectory: "./bailiff-data")
        #expect(configuration.httpHost == "127.0.0.1" && configuration.httpPort == 8080)
        #expect(configuration.databaseURL.isEmpty)
        #expect(configuration.sqlitePath == "./bailiff-data/bailiff.sqlite")
    }

    @Test func fileThenEnvironment() throws {
        let file = """
            # Bailiff
            [http]
            port = 9000
            host = "0.0.0.0"
            [database]
            url = postgres://bailiff:s3cret@db:5432/bailiff
            """
        let configuration = try ConfigurationLoader.load(
            fileText: file, environment: ["BAILIFF_HTTP_PORT": "9100", "PATH": "/bin", "BAILIFF_TEST_POSTGRES_URL": "x"], dataDirectory: "/var/lib/bailiff"
        )
        #expect(configuration.httpPort == 9100)
        #expect(configuration.httpHost == "0.0.0.0")
        #expect(configuration.databaseURL == "postgres://bailiff:s3cret@db:5432/bailiff")
        let shown = configuration.redactedDescription.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        #expect(!shown.contains("s3cret"))
        #expect(shown.contains("database.url=postgres://bailiff:***@db:5432/bailiff"))
        let withToken = try ConfigurationLoader.load(fileText: "[intake]\ntoken = 0123456789abcdef0123", environment: [:], dataDirectory: ".")
        let tokenShown = withToken.redactedDescription.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        #expect(!tokenShown.contains("0123456789abcdef"))
        #expect(tokenShown.contains("intake.token=*** (set)"))
    }

    @Test func everyUnknownOrInvalidKeyIsListed() {
        let file = """
            [http]
            port = eighty
            colour = blue
            nonsense line
            """
        #expect {
            _ = try ConfigurationLoader.load(fileText: file, fileName: "bailiff.conf", environment: ["BAILIFF_HTTP_PROT": "1", "BAILIFF_LOG_LEVEL": "loud"], dataDirectory: ".")
        } throws: { error in
            let problems = (error as? ConfigurationError)?.problems ?? []
            return problems.count == 5
                && problems[0].hasPrefix("bailiff.conf line 2: http.port")
                && problems[1].contains("unknown key 'http.colour'")
                && problems[2].contains("line 4")
                && problems[3].contains("BAILIFF_HTTP_PROT")
                && problems[4].contains("BAILIFF_LOG_LEVEL")
        }
    }
}
