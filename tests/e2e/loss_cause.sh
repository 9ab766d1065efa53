#!/bin/bash
# e2e_loss_cause (finding 4): packets to the payment host lost on the way
# (the router drops every 4th echo request, and every connection to port
# 443 does not get through). The loss is the one answer: its row fails and
# comes first, selected; the HTTPS row is blocked naming it, and nothing on
# screen tells the owner to open a firewall. At 10 % (a warning) the HTTPS
# row fails, naming the loss.
. "$SOURCE_DIR/tests/e2e/lib.sh"
make_shop
shop_config "$WORK/shop.yaml" "" "  probe: icmp"
sed -i 's/^  count: 5$/  count: 20/' "$WORK/shop.yaml"
HOST="Payment host acquirer reachable"
HTTPS="Secure connection (HTTPS) to acquirer"

# lossy MOD: drop one echo request to the payment host in MOD, and every
# connection to its port 443.
lossy() {
	in_ns "$NS_T" nft delete table inet pdne2e 2>/dev/null
	nft_T "table inet pdne2e {
	chain pass {
		type filter hook forward priority 0;
		ip daddr $PAY_ADDR icmp type echo-request numgen inc mod $1 0 counter drop
		ip daddr $PAY_ADDR tcp dport 443 drop
	}
}"
}

lossy 4
pane loss 80 24 -- --config "$WORK/shop.yaml" --only network
settled loss 30 || bad "loss: never settled"
flat loss | grep -qF "1 failed" || bad "loss: not exactly one failure"
grep -qF "[FAIL] $HOST" <<<"$(selected loss)" && good "loss: the loss row fails, first and selected" ||
	bad "loss: selected '$(selected loss)'"
text loss | sed -n 3p | grep -qF "[FAIL] Payment host" || bad "loss: the loss is not the first row"
# Ground truth: the router's drop counter, of the 20 echo requests sent.
dropped=$(nft_counter "$NS_T" pdne2e pass)
found loss | grep -qF "$((dropped * 100 / 20))% of packets to $PAY_NAME lost" &&
	good "loss: the details say how much is lost ($dropped of 20 dropped)" ||
	bad "loss: found '$(found loss)', the router dropped $dropped of 20"
pick loss "$HTTPS" || bad "loss: no HTTPS row"
sel=$(selected loss)
f=$(found loss)
case "$sel|$f" in
"[SKIP] "*"|"*"$HOST"*) good "loss: HTTPS blocked, naming the loss row" ;;
*) bad "loss: HTTPS '$sel' found '$f'" ;;
esac
flat loss | grep -qi "firewall" && bad "loss: a firewall is blamed"
quit loss 2

lossy 10
pane warn 80 24 -- --config "$WORK/shop.yaml" --only network
settled warn 30 || bad "warn: never settled"
grep -qF "[FAIL] Secure connection (HTTPS)" <<<"$(selected warn)" &&
	good "warn: HTTPS fails, selected" || bad "warn: selected '$(selected warn)'"
found warn | grep -qF "10%" && good "warn: HTTPS names the 10% loss: $(found warn)" ||
	bad "warn: HTTPS found '$(found warn)'"
flat warn | grep -qi "firewall" && bad "warn: a firewall is blamed"
pick warn "$HOST" && grep -qF "[WARN] $HOST" <<<"$(selected warn)" && good "warn: the loss row warns" ||
	bad "warn: loss row '$(selected warn)'"
quit warn 2
finish
