package ratelimit

import "net/netip"

// AddressKey is the key a client address is limited under: an IPv4
// address as it is, an IPv6 address by its /64 network. One subscriber or
// host is given a whole /64, so keying by the full address would let it
// step round any limit by changing the low bits.
func AddressKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap().WithZone("")
	if a.Is4() {
		return a.String()
	}
	p, err := a.Prefix(64)
	if err != nil {
		return ip
	}
	return p.String()
}
