import Testing
import BailiffCore
@testable import BailiffReports

/// Every Shadowserver CSV of the shared corpus (IntelMQ's test data), against expectations read
/// off the files by hand and with a separate CSV reader: data rows, rows that must be skipped,
/// and the first event's address, port and time. The category per type is the project's
/// decision (see `ShadowserverReportType`).
@Suite(.enabled(if: FeedCorpus.isAvailable, "shared corpus not found"))
struct ShadowserverCorpusTests {
    struct Expectation: Sendable, CustomTestStringConvertible {
        var path: String, type: String, category: AbuseCategory, rows: Int, skipped: Int, ip: String, port: Int?, time: String
        init(_ path: String, _ type: String, _ category: AbuseCategory, rows: Int, skipped: Int, ip: String, port: Int?, time: String) {
            self.path = path; self.type = type; self.category = category; self.rows = rows; self.skipped = skipped
            self.ip = ip; self.port = port; self.time = time
        }
        var testDescription: String { type }
    }

    static let expectations: [Expectation] = [
        .init("2023-04-pre-removal/blocklist.csv", "blocklist", .blocklisted, rows: 3, skipped: 1, ip: "198.123.245.134", port: nil, time: "2019-09-04T07:00:19Z"),
        .init("2023-04-pre-removal/compromised_website.csv", "compromised_website", .malware, rows: 3, skipped: 0, ip: "203.0.113.1", port: 80, time: "2017-01-16T00:43:48Z"),
        .init("2023-04-pre-removal/device_id.csv", "device_id", .vulnerable, rows: 3, skipped: 0, ip: "88.84.0.0", port: 10443, time: "2022-01-10T00:01:42Z"),
        .init("2023-04-pre-removal/event4_ddos_participant.csv", "event4_ddos_participant", .networkAttack, rows: 3, skipped: 0, ip: "192.168.0.1", port: 38055, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/event4_honeypot_brute_force.csv", "event4_honeypot_brute_force", .intrusion, rows: 6, skipped: 0, ip: "141.98.1.2", port: 30123, time: "2021-03-27T00:00:00Z"),
        .init("2023-04-pre-removal/event4_honeypot_darknet.csv", "event4_honeypot_darknet", .scanning, rows: 8, skipped: 0, ip: "61.3.1.2", port: 4717, time: "2021-03-07T00:00:00Z"),
        .init("2023-04-pre-removal/event4_honeypot_ddos.csv", "event4_honeypot_ddos", .networkAttack, rows: 3, skipped: 0, ip: "192.168.0.1", port: 61234, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/event4_honeypot_ddos_amp.csv", "event4_honeypot_ddos_amp", .attackTarget, rows: 5, skipped: 1, ip: "107.141.1.2", port: nil, time: "2021-03-28T00:00:02Z"),
        .init("2023-04-pre-removal/event4_honeypot_ddos_target.csv", "event4_honeypot_ddos_target", .attackTarget, rows: 3, skipped: 0, ip: "172.16.0.1", port: 80, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/event4_honeypot_http_scan.csv", "event4_honeypot_http_scan", .scanning, rows: 2, skipped: 0, ip: "191.23.45.67", port: 36455, time: "2021-08-01T00:24:08Z"),
        .init("2023-04-pre-removal/event4_ip_spoofer.csv", "event4_ip_spoofer", .vulnerable, rows: 6, skipped: 0, ip: "98.191.250.0", port: nil, time: "2021-03-28T00:42:59Z"),
        .init("2023-04-pre-removal/event4_microsoft_sinkhole.csv", "event4_microsoft_sinkhole", .malware, rows: 6, skipped: 0, ip: "190.229.1.2", port: 52955, time: "2021-06-07T00:00:00Z"),
        .init("2023-04-pre-removal/event4_microsoft_sinkhole_http.csv", "event4_microsoft_sinkhole_http", .malware, rows: 5, skipped: 0, ip: "31.206.1.2", port: 49245, time: "2021-06-07T00:00:00Z"),
        .init("2023-04-pre-removal/event4_sinkhole.csv", "event4_sinkhole", .malware, rows: 3, skipped: 0, ip: "190.113.1.2", port: 17409, time: "2021-03-04T00:00:00Z"),
        .init("2023-04-pre-removal/event4_sinkhole_dns.csv", "event4_sinkhole_dns", .malware, rows: 3, skipped: 0, ip: "217.110.0.0", port: 29614, time: "2022-01-06T00:00:02Z"),
        .init("2023-04-pre-removal/event4_sinkhole_http.csv", "event4_sinkhole_http", .malware, rows: 5, skipped: 0, ip: "103.196.1.2", port: 60902, time: "2021-03-04T00:00:00Z"),
        .init("2023-04-pre-removal/event4_sinkhole_http_referer.csv", "event4_sinkhole_http_referer", .malware, rows: 5, skipped: 0, ip: "178.162.203.211", port: 80, time: "2021-03-04T00:00:02Z"),
        .init("2023-04-pre-removal/event6_sinkhole_http.csv", "event6_sinkhole_http", .malware, rows: 3, skipped: 0, ip: "2001:448a:1082:4d9b:7491:bf9e:3d5f:a634", port: 49431, time: "2022-03-02T09:14:19Z"),
        .init("2023-04-pre-removal/malware_url.csv", "malware_url", .malware, rows: 3, skipped: 0, ip: "41.86.0.0", port: nil, time: "2022-01-07T00:02:07Z"),
        .init("2023-04-pre-removal/phish_url.csv", "phish_url", .phishing, rows: 3, skipped: 0, ip: "172.245.0.0", port: nil, time: "2022-02-01T08:00:07Z"),
        .init("2023-04-pre-removal/population_http_proxy.csv", "population_http_proxy", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 3128, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/sandbox_conn.csv", "sandbox_conn", .malware, rows: 3, skipped: 0, ip: "40.119.6.228", port: 123, time: "2022-01-10T00:00:03Z"),
        .init("2023-04-pre-removal/sandbox_dns.csv", "sandbox_dns", .malware, rows: 3, skipped: 0, ip: "40.119.6.228", port: nil, time: "2022-01-10T00:00:02Z"),
        .init("2023-04-pre-removal/sandbox_url.csv", "sandbox_url", .malware, rows: 3, skipped: 0, ip: "23.196.47.89", port: nil, time: "2022-01-10T00:01:13Z"),
        .init("2023-04-pre-removal/scan_adb.csv", "scan_adb", .vulnerable, rows: 2, skipped: 0, ip: "36.239.124.210", port: 5555, time: "2018-07-26T02:07:16Z"),
        .init("2023-04-pre-removal/scan_afp.csv", "scan_afp", .vulnerable, rows: 2, skipped: 0, ip: "198.13.34.22", port: 548, time: "2019-09-04T05:05:53Z"),
        .init("2023-04-pre-removal/scan_amqp.csv", "scan_amqp", .vulnerable, rows: 3, skipped: 0, ip: "47.103.0.0", port: 5672, time: "2022-01-10T04:32:13Z"),
        .init("2023-04-pre-removal/scan_ard.csv", "scan_ard", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 3283, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_chargen.csv", "scan_chargen", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 19, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_cisco_smart_install.csv", "scan_cisco_smart_install", .vulnerable, rows: 2, skipped: 0, ip: "198.51.100.103", port: 4786, time: "2017-11-18T08:42:45Z"),
        .init("2023-04-pre-removal/scan_coap.csv", "scan_coap", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 5683, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_couchdb.csv", "scan_couchdb", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 5984, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_cwmp.csv", "scan_cwmp", .vulnerable, rows: 2, skipped: 0, ip: "198.123.245.142", port: 30005, time: "2019-09-04T10:44:55Z"),
        .init("2023-04-pre-removal/scan_db2.csv", "scan_db2", .vulnerable, rows: 2, skipped: 0, ip: "192.168.0.1", port: 523, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_ddos_middlebox.csv", "scan_ddos_middlebox", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 80, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_dns.csv", "scan_dns", .vulnerable, rows: 100, skipped: 0, ip: "198.51.100.179", port: 53, time: "2018-04-14T00:14:34Z"),
        .init("2023-04-pre-removal/scan_docker.csv", "scan_docker", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 2375, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_dvr_dhcpdiscover.csv", "scan_dvr_dhcpdiscover", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 37810, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_elasticsearch.csv", "scan_elasticsearch", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 9200, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_exchange.csv", "scan_exchange", .vulnerable, rows: 7, skipped: 0, ip: "12.237.1.2", port: 443, time: "2021-05-14T00:11:30Z"),
        .init("2023-04-pre-removal/scan_ftp.csv", "scan_ftp", .vulnerable, rows: 2, skipped: 0, ip: "61.126.3.70", port: 21, time: "2019-03-06T06:37:00Z"),
        .init("2023-04-pre-removal/scan_hadoop.csv", "scan_hadoop", .vulnerable, rows: 2, skipped: 0, ip: "199.116.235.200", port: 50070, time: "2017-09-13T02:06:05Z"),
        .init("2023-04-pre-removal/scan_http.csv", "scan_http", .vulnerable, rows: 2, skipped: 0, ip: "75.74.78.113", port: 8080, time: "2018-04-19T00:02:26Z"),
        .init("2023-04-pre-removal/scan_http_proxy.csv", "scan_http_proxy", .openProxy, rows: 3, skipped: 0, ip: "192.168.0.1", port: 3128, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_http_vulnerable.csv", "scan_http_vulnerable", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 8080, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_ics.csv", "scan_ics", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 502, time: "2022-03-02T00:34:22Z"),
        .init("2023-04-pre-removal/scan_ipmi.csv", "scan_ipmi", .vulnerable, rows: 95, skipped: 0, ip: "198.51.100.4", port: 623, time: "2016-07-24T00:09:42Z"),
        .init("2023-04-pre-removal/scan_ipp.csv", "scan_ipp", .vulnerable, rows: 1, skipped: 0, ip: "123.45.67.89", port: 631, time: "2020-06-08T11:30:14Z"),
        .init("2023-04-pre-removal/scan_isakmp.csv", "scan_isakmp", .vulnerable, rows: 2, skipped: 0, ip: "198.123.245.42", port: 500, time: "2019-09-04T00:17:25Z"),
        .init("2023-04-pre-removal/scan_kubernetes.csv", "scan_kubernetes", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 6443, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_ldap_tcp.csv", "scan_ldap_tcp", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 389, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_ldap_udp.csv", "scan_ldap_udp", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 389, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_mdns.csv", "scan_mdns", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 5353, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_memcached.csv", "scan_memcached", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 50260, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_mongodb.csv", "scan_mongodb", .vulnerable, rows: 10, skipped: 0, ip: "198.51.100.203", port: 27017, time: "2016-07-24T00:40:07Z"),
        .init("2023-04-pre-removal/scan_mqtt.csv", "scan_mqtt", .vulnerable, rows: 1, skipped: 0, ip: "18.220.0.0", port: 8883, time: "2022-02-07T12:56:53Z"),
        .init("2023-04-pre-removal/scan_mqtt_anon.csv", "scan_mqtt_anon", .vulnerable, rows: 3, skipped: 0, ip: "47.106.0.0", port: 8883, time: "2022-01-10T00:59:34Z"),
        .init("2023-04-pre-removal/scan_mssql.csv", "scan_mssql", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 1434, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_mysql.csv", "scan_mysql", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 3306, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_nat_pmp.csv", "scan_nat_pmp", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 5351, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_netbios.csv", "scan_netbios", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 137, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_netis_router.csv", "scan_netis_router", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 53413, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_ntp.csv", "scan_ntp", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 123, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_ntpmonitor.csv", "scan_ntpmonitor", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 123, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_portmapper.csv", "scan_portmapper", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 111, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_postgres.csv", "scan_postgres", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 5432, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_qotd.csv", "scan_qotd", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 17, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_quic.csv", "scan_quic", .vulnerable, rows: 3, skipped: 0, ip: "176.255.0.0", port: 443, time: "2022-01-10T14:31:17Z"),
        .init("2023-04-pre-removal/scan_radmin.csv", "scan_radmin", .vulnerable, rows: 9, skipped: 0, ip: "74.101.218.75", port: 4899, time: "2020-07-06T13:55:26Z"),
        .init("2023-04-pre-removal/scan_rdp.csv", "scan_rdp", .vulnerable, rows: 2, skipped: 0, ip: "198.123.245.178", port: 5678, time: "2019-09-04T15:45:51Z"),
        .init("2023-04-pre-removal/scan_rdpeudp.csv", "scan_rdpeudp", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 3389, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_redis.csv", "scan_redis", .vulnerable, rows: 93, skipped: 0, ip: "198.51.100.152", port: 6379, time: "2016-07-24T00:42:33Z"),
        .init("2023-04-pre-removal/scan_rsync.csv", "scan_rsync", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 873, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_sip.csv", "scan_sip", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 5060, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_slp.csv", "scan_slp", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 427, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_smb.csv", "scan_smb", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 445, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_smtp_vulnerable.csv", "scan_smtp_vulnerable", .vulnerable, rows: 2, skipped: 0, ip: "1.2.3.4", port: 25, time: "2021-07-08T11:58:42Z"),
        .init("2023-04-pre-removal/scan_snmp.csv", "scan_snmp", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 161, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_socks.csv", "scan_socks", .openProxy, rows: 3, skipped: 0, ip: "192.168.0.1", port: 1080, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_ssdp.csv", "scan_ssdp", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 60194, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_ssh.csv", "scan_ssh", .vulnerable, rows: 3, skipped: 0, ip: "18.179.0.0", port: 22, time: "2022-01-10T02:20:37Z"),
        .init("2023-04-pre-removal/scan_ssl.csv", "scan_ssl", .vulnerable, rows: 3, skipped: 0, ip: "96.60.0.0", port: 10443, time: "2022-01-10T00:01:42Z"),
        .init("2023-04-pre-removal/scan_ssl_freak.csv", "scan_ssl_freak", .vulnerable, rows: 45, skipped: 0, ip: "198.51.100.232", port: 443, time: "2018-04-23T13:25:21Z"),
        .init("2023-04-pre-removal/scan_ssl_poodle.csv", "scan_ssl_poodle", .vulnerable, rows: 31, skipped: 0, ip: "203.0.113.85", port: 8443, time: "2018-08-08T00:51:42Z"),
        .init("2023-04-pre-removal/scan_stun.csv", "scan_stun", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 3478, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_synfulknock.csv", "scan_synfulknock", .malware, rows: 3, skipped: 0, ip: "66.9.0.0", port: 80, time: "2022-01-10T09:18:23Z"),
        .init("2023-04-pre-removal/scan_telnet.csv", "scan_telnet", .vulnerable, rows: 2, skipped: 0, ip: "198.123.245.145", port: 5678, time: "2019-09-04T12:27:34Z"),
        .init("2023-04-pre-removal/scan_tftp.csv", "scan_tftp", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 35067, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_ubiquiti.csv", "scan_ubiquiti", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 10001, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_vnc.csv", "scan_vnc", .vulnerable, rows: 2, skipped: 0, ip: "198.123.245.53", port: 5678, time: "2019-09-04T14:51:44Z"),
        .init("2023-04-pre-removal/scan_ws_discovery.csv", "scan_ws_discovery", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 3702, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/scan_xdmcp.csv", "scan_xdmcp", .vulnerable, rows: 3, skipped: 0, ip: "192.168.0.1", port: 177, time: "2010-02-10T00:00:00Z"),
        .init("2023-04-pre-removal/special.csv", "special", .malware, rows: 3, skipped: 0, ip: "192.168.0.1", port: nil, time: "2010-02-10T00:00:00Z"),
        .init("legacy-3.0.0/botnet_drone.csv", "botnet_drone", .malware, rows: 102, skipped: 0, ip: "210.23.139.130", port: 3218, time: "2011-04-23T00:00:05Z"),
        .init("legacy-3.0.0/caida_ip_spoofer.csv", "caida_ip_spoofer", .vulnerable, rows: 5, skipped: 0, ip: "137.97.71.0", port: nil, time: "2019-08-27T00:06:24Z"),
        .init("legacy-3.0.0/cisco_smart_install.csv", "cisco_smart_install", .vulnerable, rows: 2, skipped: 0, ip: "198.51.100.103", port: 4786, time: "2017-11-18T08:42:45Z"),
        .init("legacy-3.0.0/darknet.csv", "darknet", .scanning, rows: 133, skipped: 0, ip: "198.51.100.47", port: nil, time: "2018-11-19T00:00:17Z"),
        .init("legacy-3.0.0/ddos_amplification.csv", "ddos_amplification", .attackTarget, rows: 2, skipped: 0, ip: "192.0.2.10", port: 53, time: "2018-10-09T06:00:06Z"),
        .init("legacy-3.0.0/drone_brute_force.csv", "drone_brute_force", .intrusion, rows: 1, skipped: 0, ip: "198.51.100.169", port: 38880, time: "2018-04-07T03:02:15Z"),
        .init("legacy-3.0.0/hp_http_scan.csv", "hp_http_scan", .scanning, rows: 2, skipped: 0, ip: "198.51.100.5", port: 52513, time: "2018-08-29T00:00:05Z"),
        .init("legacy-3.0.0/hp_ics_scan.csv", "hp_ics_scan", .scanning, rows: 2, skipped: 0, ip: "198.51.100.5", port: 56066, time: "2018-09-16T00:00:54Z"),
        .init("legacy-3.0.0/microsoft_sinkhole.csv", "microsoft_sinkhole", .malware, rows: 107, skipped: 0, ip: "77.12.73.138", port: 64742, time: "2014-09-12T00:00:00Z"),
        .init("legacy-3.0.0/netis_router.csv", "netis_router", .vulnerable, rows: 1, skipped: 0, ip: "198.51.100.77", port: 53413, time: "2019-08-04T01:36:49Z"),
        .init("legacy-3.0.0/outdated_dnssec_key.csv", "outdated_dnssec_key", .vulnerable, rows: 2, skipped: 0, ip: "10.10.10.10", port: nil, time: "2018-10-18T00:03:50Z"),
        .init("legacy-3.0.0/scan_chargen.short", "scan_chargen", .vulnerable, rows: 1, skipped: 0, ip: "192.168.45.68", port: 19, time: "2014-11-26T05:20:54Z"),
        .init("legacy-3.0.0/scan_ldap.csv", "scan_ldap", .vulnerable, rows: 2, skipped: 0, ip: "198.11.140.210", port: 389, time: "2019-09-04T05:40:55Z"),
        .init("legacy-3.0.0/scan_msrdpeudp.csv", "scan_msrdpeudp", .vulnerable, rows: 2, skipped: 0, ip: "198.51.100.39", port: 3389, time: "2021-01-20T13:18:51Z"),
        .init("legacy-3.0.0/sinkhole6_http.csv", "sinkhole6_http", .malware, rows: 3, skipped: 0, ip: "2001:db8:abcd:12::", port: 36738, time: "2018-04-08T09:17:36Z"),
        .init("legacy-3.0.0/sinkhole_dns.csv", "sinkhole_dns", .malware, rows: 2, skipped: 0, ip: "198.51.100.1", port: 40159, time: "2020-12-21T00:00:00Z"),
        .init("legacy-3.0.0/sinkhole_http_drone.csv", "sinkhole_http_drone", .malware, rows: 86, skipped: 0, ip: "198.51.100.6", port: 49121, time: "2018-03-21T00:00:07Z"),
    ]

    @Test(arguments: expectations)
    func corpusFile(_ expected: Expectation) throws {
        let bytes = try FeedCorpus.bytes("intelmq/shadowserver/" + expected.path)
        let typeName = try #require(ShadowserverReportName.fromFileName(expected.path))
        #expect(typeName == expected.type)
        let outcome = try ShadowserverCSV.parse(bytes, typeName: typeName).get()
        #expect(outcome.dataRowCount == expected.rows)
        #expect(outcome.skippedCount == expected.skipped)
        #expect(outcome.events.count == outcome.dataRowCount - outcome.skippedCount)
        #expect(outcome.skipped.count == outcome.skippedCount)  // all described: few enough here
        let first = try #require(outcome.events.first)
        #expect(first.ip == IPAddress(expected.ip))
        #expect(first.port == expected.port)
        #expect(first.occurredAt == epoch(expected.time))
        #expect(first.timeSource == .report)
        #expect(first.reporter == "Shadowserver")
        #expect(outcome.events.allSatisfy { $0.category == expected.category })
        #expect(outcome.events.allSatisfy { ($0.excerpt ?? "").hasPrefix(expected.reportTypeName) })
    }

    /// Every CSV in the Shadowserver folders has an expectation (no file forgotten) — except
    /// IntelMQ's `test_*` schema fixtures, which are no Shadowserver type and must quarantine.
    @Test func everyCorpusFileIsCovered() {
        let expected = Set(Self.expectations.map(\.path))
        for folder in ["2023-04-pre-removal", "legacy-3.0.0", "head"] {
            for path in FeedCorpus.files(in: "intelmq/shadowserver/" + folder) where !path.hasSuffix(".test") {
                let relative = String(path.dropFirst("intelmq/shadowserver/".count))
                if relative.hasPrefix("head/test_") { continue }
                #expect(expected.contains(relative), "no expectation for \(relative)")
            }
        }
        #expect(Self.expectations.filter { $0.path.hasPrefix("2023-04-pre-removal/") }.count == 93)
        #expect(Self.expectations.filter { $0.path.hasPrefix("legacy-3.0.0/") }.count == 17)
    }

    @Test(arguments: ["head/test_smb.csv", "head/test_telnet.csv"])
    func intelMQTestSchemaTypesAreUnknown(_ path: String) throws {
        let bytes = try FeedCorpus.bytes("intelmq/shadowserver/" + path)
        let typeName = try #require(ShadowserverReportName.fromFileName(path))
        #expect(ShadowserverCSV.parse(bytes, typeName: typeName) == .failure(.unknownReportType(typeName)))
    }

    /// Rows the corpus deliberately breaks are skipped with their line and reason.
    @Test func skippedRowsNameLineAndReason() throws {
        let blocklist = try ShadowserverCSV.parse(try FeedCorpus.bytes("intelmq/shadowserver/2023-04-pre-removal/blocklist.csv"),
                                                  typeName: "blocklist").get()
        #expect(blocklist.skipped == [.init(line: 4, reason: "a network (198.123.245.0/24), not an address")])
        let amp = try ShadowserverCSV.parse(try FeedCorpus.bytes("intelmq/shadowserver/2023-04-pre-removal/event4_honeypot_ddos_amp.csv"),
                                            typeName: "event4_honeypot_ddos_amp").get()
        #expect(amp.skipped == [.init(line: 6, reason: "invalid address \"37.120.178.9.10\"")])
        #expect(amp.summary.contains("1 row skipped (line 6: invalid address"))
    }

    /// Values checked by reading the files: columns other than `ip`/`src_ip`, URLs, IPv6.
    @Test func typeSpecificColumns() throws {
        func events(_ name: String) throws -> [ReportEvent] {
            try ShadowserverCSV.parse(try FeedCorpus.bytes("intelmq/shadowserver/2023-04-pre-removal/\(name).csv"), typeName: name).get().events
        }
        // The DDoS target is the dst_ip column, first in that report; its port is dst_port.
        let target = try events("event4_honeypot_ddos_target")
        #expect(target.map(\.ip) == ["172.16.0.1", "172.16.0.2", "172.16.0.3"].map { IPAddress($0) })
        #expect(target[1].port == 43437)
        // Honeypot-DDoS keys the same kind of event on the attacking bot (src_ip).
        #expect(try events("event4_honeypot_ddos").first?.ip == IPAddress("192.168.0.1"))
        // Sinkhole-HTTP-Referer: the referring website.
        let referer = try events("event4_sinkhole_http_referer")
        #expect(referer[1].ip == IPAddress("59.106.1.2"))
        // URLs.
        #expect(try events("malware_url").first?.url == "http://41.86.0.0:50008/Mozi.m")
        #expect(try events("phish_url").first?.url == "https://priceless-pare.example.net/Postal-/acec6/")
        #expect(try events("compromised_website").first?.url == "http://example.com/header.php")
        // IPv6.
        let v6 = try events("event6_sinkhole_http")
        #expect(v6.first?.ip == IPAddress("2001:448a:1082:4d9b:7491:bf9e:3d5f:a634"))
        #expect(ShadowserverReportType.named("event6_sinkhole_http")?.name == "event4_sinkhole_http")
    }
}

extension ShadowserverCorpusTests.Expectation {
    /// The type as it appears in the excerpt (IPv6 twins read as their IPv4 type).
    var reportTypeName: String { ShadowserverReportType.named(type)?.name ?? type }
}
