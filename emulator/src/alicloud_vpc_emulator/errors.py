"""API errors: one exception type carrying the HTTP status, code and message the cloud would send."""

HOST_ID = "vpc.aliyuncs.com"


class ApiError(Exception):
    def __init__(self, http_status, code, message):
        super().__init__(message)
        self.http_status = http_status
        self.code = code
        self.message = message

    def body(self, request_id):
        return {
            "RequestId": request_id,
            "HostId": HOST_ID,
            "Code": self.code,
            "Message": self.message,
            "Recommend": "https://api.aliyun.com/troubleshoot?q=%s" % self.code,
        }


def missing(name):
    return ApiError(400, "MissingParameter",
                    'The input parameter "%s" that is mandatory for processing this request is not supplied.' % name)


def invalid_param(name, detail="is not valid"):
    # [UNCONFIRMED] generic code for values outside a documented range.
    return ApiError(400, "InvalidParameter", 'The specified parameter "%s" %s.' % (name, detail))


def not_found(code, what):
    return ApiError(404, code, "The specified %s does not exist." % what)


def bad_request(code, message):
    return ApiError(400, code, message)
