// The wire model of the Connectel SMS Gateway API v2: requests, responses, callbacks and the
// parameter rules both the simulator and the client use.
#pragma once

#include "connectel/api/callbacks.hpp"
#include "connectel/api/responses.hpp"
#include "connectel/api/send_request.hpp"
#include "connectel/api/status_field.hpp"
#include "connectel/api/validation.hpp"
#include "connectel/status.hpp"
