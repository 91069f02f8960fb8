package network

import "github.com/shahr-city/shahr/internal/i18n"

// The labels the limits' messages name for fields whose form labels them
// in two parts.
func init() {
	i18n.Register(map[string]i18n.Text{
		"network.bound.mission_en":     {Fa: "مأموریت (انگلیسی)", En: "Mission (English)"},
		"network.bound.secretariat_en": {Fa: "دبیرخانه (انگلیسی)", En: "Secretariat (English)"},
		"network.bound.city_en":        {Fa: "شهر دبیرخانه (انگلیسی)", En: "Secretariat's city (English)"},
		"network.bound.criteria_en":    {Fa: "شرایط عضویت (انگلیسی)", En: "Membership criteria (English)"},
		"network.bound.benefits_en":    {Fa: "مزایای عضویت (انگلیسی)", En: "Benefits (English)"},
	})
}
