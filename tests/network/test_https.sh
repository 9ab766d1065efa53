# network_https: TLS peers with certificates from a private CA made here:
# valid, expiring in 3 days, expired, not yet valid (a PC clock set in the
# past), a server whose Date: is 5 minutes off, one answering 503, an
# unknown CA, and a closed port.
. "$SOURCE_DIR/tests/network/lib.sh"

make_path
make_ca
for i in 4 5 6 7 8 10; do t_addr "10.201.1.$i"; done
make_leaf good 10.201.1.4 "$(utc_in -3600)" "$(utc_in $((90 * 86400)))"
make_leaf soon 10.201.1.5 "$(utc_in -3600)" "$(utc_in $((3 * 86400)))"
make_leaf old 10.201.1.6 "$(utc_in -$((60 * 86400)))" "$(utc_in -86400)"
make_leaf future 10.201.1.7 "$(utc_in $((2 * 86400)))" "$(utc_in $((90 * 86400)))"
make_leaf skew 10.201.1.8 "$(utc_in -3600)" "$(utc_in $((90 * 86400)))"
make_leaf err 10.201.1.10 "$(utc_in -3600)" "$(utc_in $((90 * 86400)))"
tls_peer good 10.201.1.4
tls_peer soon 10.201.1.5
tls_peer old 10.201.1.6
tls_peer future 10.201.1.7
tls_peer skew 10.201.1.8 --date-offset 300
tls_peer err 10.201.1.10 --status 503
# A second CA that signed nothing the peers use.
cp "$WORK/ca.crt" "$WORK/ca1.crt"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	-keyout "$WORK/other.key" -out "$WORK/other.crt" -days 30 \
	-subj "/CN=posdoctor other CA $ID" 2>/dev/null || fail "openssl: other CA"

CA="$WORK/ca.crt"
host_config "$WORK/tls.yaml" "{name: good, address: 10.201.1.4, https: true, ca_file: $CA}
{name: soon, address: 10.201.1.5, https: true, ca_file: $CA}
{name: old, address: 10.201.1.6, https: true, ca_file: $CA}
{name: future, address: 10.201.1.7, https: true, ca_file: $CA}
{name: skew, address: 10.201.1.8, https: true, ca_file: $CA}
{name: err, address: 10.201.1.10, https: true, ca_file: $CA}
{name: stranger, address: 10.201.1.4, https: true, ca_file: $WORK/other.crt}
{name: closed, address: 10.201.1.4, port: 8443, https: true, ca_file: $CA}"
run_pd "$NS_C" "$WORK/tls.yaml" "$WORK/tls.json" network.https
check_json "$WORK/tls.json" \
	'c("network.https:good")["code"] == "net.ok"' \
	'm("network.https:good")["http_status"] == 200' \
	'89 < m("network.https:good")["cert_days_left"] < 91' \
	'abs(m("network.https:good")["clock_skew_s"]) < 5' \
	'all(m("network.https:good")[k] >= 0 for k in ("tcp_connect_ms", "tls_handshake_ms", "first_byte_ms"))' \
	'm("network.https:good")["total_ms"] >= m("network.https:good")["tls_handshake_ms"]' \
	'c("network.https:soon")["code"] == "net.cert_expiring"' \
	'c("network.https:soon")["status"] == "warn"' \
	'2.9 < m("network.https:soon")["cert_days_left"] <= 3.0' \
	'c("network.https:old")["code"] == "net.cert_expired"' \
	'c("network.https:old")["status"] == "fail"' \
	'c("network.https:future")["code"] == "net.clock_wrong"' \
	'c("network.https:future")["status"] == "fail"' \
	'c("network.https:skew")["code"] == "net.clock_skew"' \
	'c("network.https:skew")["status"] == "warn"' \
	'-302 < m("network.https:skew")["clock_skew_s"] < -298' \
	'c("network.https:err")["code"] == "net.http_error"' \
	'm("network.https:err")["http_status"] == 503' \
	'c("network.https:stranger")["code"] == "net.tls_failed"' \
	'c("network.https:closed")["code"] == "net.connect_failed"' \
	'all("fix" in c(i) for i in checks if c(i)["status"] in ("warn", "fail"))'
[ "$PD_RC" = 2 ] || { cat "$WORK/tls.json.err"; fail "exit status $PD_RC, want 2"; }

note "the same report in Chinese"
env LANG=zh_CN.UTF-8 ip netns exec "$NS_C" "$POSDOCTOR" --once --only network.https \
	--format json --lang zh_CN --config "$WORK/tls.yaml" >"$WORK/zh.json" 2>/dev/null
check_json "$WORK/zh.json" \
	'"证书" in c("network.https:soon")["summary"]' \
	'"{" not in c("network.https:soon")["summary"]'
echo "PASS"
