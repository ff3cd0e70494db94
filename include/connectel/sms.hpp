// The SMS text engine (namespace connectel::sms): GSM-7 / UCS-2 choice, counting, splitting,
// look-alike replacement, national language tables and the parts' bytes, per 3GPP TS 23.038
// and TS 23.040.
#pragma once

#include "connectel/sms/analysis.hpp"
#include "connectel/sms/lookalikes.hpp"
#include "connectel/sms/options.hpp"
#include "connectel/sms/pdu.hpp"
#include "connectel/sms/split.hpp"
#include "connectel/sms/utf8_error.hpp"
