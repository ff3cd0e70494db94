-- wrk script for bench/http_throughput.sh: every request is a single send with a form body.
wrk.method = "POST"
wrk.body = "authorization=T&sender=IKEA&recipient=46700000000&message=Hello"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
