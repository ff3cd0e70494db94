// Everything the connectel library offers, in one include (connectel/testing.hpp, for tests,
// is apart: it starts processes).
#pragma once

#include "connectel/api.hpp"
#include "connectel/client.hpp"
#include "connectel/error.hpp"
#include "connectel/sms.hpp"
#include "connectel/status.hpp"
#include "connectel/webhooks.hpp"
