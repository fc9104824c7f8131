/// The OpenAPI 3 description of `/api/v1`, served at `/api/openapi.yaml` (JSON is valid YAML
/// 1.2, and Foundation can read it back). A test checks it against the routes the server
/// registers and calls every operation to compare the answers with these schemas.
///
/// Generated once by hand from the controllers; edit it together with them.
public enum OpenAPIDocument {
    public static let text = #"""
{
 "openapi": "3.0.3",
 "info": {
  "title": "Bailiff API",
  "version": "1",
  "description": "The abuse desk's JSON API. Bearer tokens come from `bailiff api-token create NAME --scopes \u2026`; each operation names the scope it needs in `x-scope`. Lists are paginated (`page`, `per_page`) and give the path of the `next` page. Errors are `{\"error\": \"\u2026\"}`, saying what to do. Served at /api/openapi.yaml (JSON is YAML)."
 },
 "servers": [
  {
   "url": "/"
  }
 ],
 "paths": {
  "/api/v1/cases": {
   "get": {
    "operationId": "listCases",
    "summary": "Cases in the queue's urgency order, one page at a time",
    "security": [
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CasePage"
        }
       }
      }
     },
     "400": {
      "description": "a filter value is not understood",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "cases:read",
    "parameters": [
     {
      "name": "state",
      "in": "query",
      "required": false,
      "description": "open (default), closed or all",
      "schema": {
       "type": "string",
       "enum": [
        "open",
        "closed",
        "all"
       ]
      }
     },
     {
      "name": "status",
      "in": "query",
      "required": false,
      "description": "one status (implies state=all)",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "category",
      "in": "query",
      "required": false,
      "description": "one AUP category",
      "schema": {
       "type": "string"
      },
      "example": "spam"
     },
     {
      "name": "customer",
      "in": "query",
      "required": false,
      "description": "customer id",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "reseller",
      "in": "query",
      "required": false,
      "description": "reseller id",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "service",
      "in": "query",
      "required": false,
      "description": "service id",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "assignee",
      "in": "query",
      "required": false,
      "description": "staff name; '-' for unassigned",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "due",
      "in": "query",
      "required": false,
      "description": "overdue, or day (within 24 h)",
      "schema": {
       "type": "string",
       "enum": [
        "overdue",
        "day"
       ]
      }
     },
     {
      "name": "older_than_days",
      "in": "query",
      "required": false,
      "description": "opened at least this many days ago",
      "schema": {
       "type": "integer",
       "minimum": 0
      }
     },
     {
      "name": "page",
      "in": "query",
      "required": false,
      "description": "page number from 1",
      "schema": {
       "type": "integer",
       "minimum": 1
      }
     },
     {
      "name": "per_page",
      "in": "query",
      "required": false,
      "description": "1\u2013200, default 50",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 200
      }
     }
    ]
   }
  },
  "/api/v1/cases/{id}": {
   "get": {
    "operationId": "getCase",
    "summary": "One case with its timeline and action intents",
    "security": [
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CaseDetail"
        }
       }
      }
     },
     "400": {
      "description": "the id is not a number",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "no such case",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "cases:read",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "case id",
      "schema": {
       "type": "integer"
      },
      "x-fixture": "case"
     }
    ]
   }
  },
  "/api/v1/cases/{id}/events": {
   "get": {
    "operationId": "getCaseEvents",
    "summary": "The reported events a case collected",
    "security": [
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CaseEventPage"
        }
       }
      }
     },
     "404": {
      "description": "no such case",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "cases:read",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "case id",
      "schema": {
       "type": "integer"
      },
      "x-fixture": "case"
     }
    ]
   }
  },
  "/api/v1/cases/{id}/notes": {
   "post": {
    "operationId": "addNote",
    "summary": "A note on the timeline",
    "security": [
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Case"
        }
       }
      }
     },
     "400": {
      "description": "not the body this endpoint takes, or no person named in 'by'",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "no such case",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "the change is not possible now; the message says why",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "cases:write",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "case id",
      "schema": {
       "type": "integer"
      },
      "x-fixture": "case"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "by",
         "text"
        ],
        "properties": {
         "by": {
          "type": "string",
          "description": "the person acting"
         },
         "text": {
          "type": "string"
         }
        }
       },
       "example": {
        "by": "alice",
        "text": "called the customer"
       }
      }
     }
    }
   }
  },
  "/api/v1/cases/{id}/time": {
   "post": {
    "operationId": "logTime",
    "summary": "Staff minutes on the case (the delisting fee counts them)",
    "security": [
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Case"
        }
       }
      }
     },
     "400": {
      "description": "not the body this endpoint takes, or no person named in 'by'",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "no such case",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "the change is not possible now; the message says why",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "cases:write",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "case id",
      "schema": {
       "type": "integer"
      },
      "x-fixture": "case"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "by",
         "minutes"
        ],
        "properties": {
         "by": {
          "type": "string",
          "description": "the person acting"
         },
         "minutes": {
          "type": "integer",
          "minimum": 1,
          "maximum": 1440
         },
         "note": {
          "type": "string"
         }
        }
       },
       "example": {
        "by": "alice",
        "minutes": 25,
        "note": "delisting request"
       }
      }
     }
    }
   }
  },
  "/api/v1/cases/{id}/confirm": {
   "post": {
    "operationId": "confirmCase",
    "summary": "Confirm the held step; the policy decides at once",
    "security": [
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Case"
        }
       }
      }
     },
     "400": {
      "description": "not the body this endpoint takes, or no person named in 'by'",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "no such case",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "the change is not possible now; the message says why",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "cases:write",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "case id",
      "schema": {
       "type": "integer"
      },
      "x-fixture": "case"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "by",
         "reason"
        ],
        "properties": {
         "by": {
          "type": "string",
          "description": "the person acting"
         },
         "reason": {
          "type": "string"
         }
        }
       },
       "example": {
        "by": "alice",
        "reason": "checked the evidence, the page is live"
       }
      }
     }
    }
   }
  },
  "/api/v1/cases/{id}/escalate": {
   "post": {
    "operationId": "escalateCase",
    "summary": "Take the case up one step of its ladder now",
    "security": [
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Case"
        }
       }
      }
     },
     "400": {
      "description": "not the body this endpoint takes, or no person named in 'by'",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "no such case",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "the change is not possible now; the message says why",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "cases:write",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "case id",
      "schema": {
       "type": "integer"
      },
      "x-fixture": "case"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "by",
         "reason"
        ],
        "properties": {
         "by": {
          "type": "string",
          "description": "the person acting"
         },
         "reason": {
          "type": "string"
         }
        }
       },
       "example": {
        "by": "alice",
        "reason": "the customer ignores repeated notices"
       }
      }
     }
    }
   }
  },
  "/api/v1/cases/{id}/link": {
   "post": {
    "operationId": "linkCase",
    "summary": "Link to another case of the same incident",
    "security": [
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Case"
        }
       }
      }
     },
     "400": {
      "description": "not the body this endpoint takes, or no person named in 'by'",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "no such case",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "the change is not possible now; the message says why",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "cases:write",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "case id",
      "schema": {
       "type": "integer"
      },
      "x-fixture": "case"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "by",
         "other"
        ],
        "properties": {
         "by": {
          "type": "string",
          "description": "the person acting"
         },
         "other": {
          "type": "integer"
         }
        }
       },
       "example": {
        "by": "alice",
        "other": 1
       }
      }
     }
    }
   }
  },
  "/api/v1/cases/{id}/resolve": {
   "post": {
    "operationId": "resolveCase",
    "summary": "Resolve with a remediation statement",
    "security": [
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Case"
        }
       }
      }
     },
     "400": {
      "description": "not the body this endpoint takes, or no person named in 'by'",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "no such case",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "the change is not possible now; the message says why",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "cases:write",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "case id",
      "schema": {
       "type": "integer"
      },
      "x-fixture": "case"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "by",
         "statement"
        ],
        "properties": {
         "by": {
          "type": "string",
          "description": "the person acting"
         },
         "statement": {
          "type": "string"
         }
        }
       },
       "example": {
        "by": "alice",
        "statement": "the customer removed the kit and reinstalled the server"
       }
      }
     }
    }
   }
  },
  "/api/v1/cases/{id}/override": {
   "post": {
    "operationId": "overrideCase",
    "summary": "Set the status against the policy's decision, with a reason",
    "security": [
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Case"
        }
       }
      }
     },
     "400": {
      "description": "not the body this endpoint takes, or no person named in 'by'",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "no such case",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "the change is not possible now; the message says why",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "cases:write",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "case id",
      "schema": {
       "type": "integer"
      },
      "x-fixture": "case"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "by",
         "status",
         "reason"
        ],
        "properties": {
         "by": {
          "type": "string",
          "description": "the person acting"
         },
         "status": {
          "type": "string"
         },
         "reason": {
          "type": "string"
         }
        }
       },
       "example": {
        "by": "alice",
        "status": "awaiting-customer",
        "reason": "waiting for the customer's answer"
       }
      }
     }
    }
   }
  },
  "/api/v1/cases/{id}/assign": {
   "post": {
    "operationId": "assignCase",
    "summary": "Give the case to a member of staff",
    "security": [
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Case"
        }
       }
      }
     },
     "400": {
      "description": "not the body this endpoint takes, or no person named in 'by'",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "no such case",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "the change is not possible now; the message says why",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "cases:write",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "case id",
      "schema": {
       "type": "integer"
      },
      "x-fixture": "case"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "by"
        ],
        "properties": {
         "by": {
          "type": "string",
          "description": "the person acting"
         },
         "assignee": {
          "type": "string",
          "description": "staff name; absent or empty to unassign"
         }
        }
       },
       "example": {
        "by": "alice",
        "assignee": "bob"
       }
      }
     }
    }
   }
  },
  "/api/v1/standing": {
   "get": {
    "operationId": "getStanding",
    "summary": "Confirmed violations of a customer or reseller per category",
    "security": [
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Standing"
        }
       }
      }
     },
     "400": {
      "description": "give customer or reseller",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "cases:read",
    "parameters": [
     {
      "name": "customer",
      "in": "query",
      "required": false,
      "description": "customer id",
      "schema": {
       "type": "string"
      },
      "example": "C1"
     },
     {
      "name": "reseller",
      "in": "query",
      "required": false,
      "description": "reseller id",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "days",
      "in": "query",
      "required": false,
      "description": "window, 1\u20133650 (default 365)",
      "schema": {
       "type": "integer"
      }
     }
    ]
   }
  },
  "/api/v1/events": {
   "get": {
    "operationId": "listEvents",
    "summary": "Reported events, newest first",
    "security": [
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/EventPage"
        }
       }
      }
     },
     "400": {
      "description": "a filter value is not understood",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "events:read",
    "parameters": [
     {
      "name": "ip",
      "in": "query",
      "required": false,
      "description": "one address",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "since",
      "in": "query",
      "required": false,
      "description": "from this time (inclusive)",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "until",
      "in": "query",
      "required": false,
      "description": "before this time",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "page",
      "in": "query",
      "required": false,
      "description": "page number from 1",
      "schema": {
       "type": "integer",
       "minimum": 1
      }
     },
     {
      "name": "per_page",
      "in": "query",
      "required": false,
      "description": "1\u2013200, default 50",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 200
      }
     }
    ]
   }
  },
  "/api/v1/reports/{sha256}": {
   "get": {
    "operationId": "getReport",
    "summary": "A stored report: how it was parsed and its events",
    "security": [
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Report"
        }
       }
      }
     },
     "400": {
      "description": "not a SHA-256",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "no such report",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "reports:read",
    "parameters": [
     {
      "name": "sha256",
      "in": "path",
      "required": true,
      "description": "SHA-256 of the stored message",
      "schema": {
       "type": "string",
       "pattern": "^[0-9a-f]{64}$"
      },
      "x-fixture": "report"
     }
    ]
   }
  },
  "/api/v1/reports": {
   "post": {
    "operationId": "submitReport",
    "summary": "Hand over one abuse report (a mail or an XARF document); stored before the answer",
    "security": [
     {
      "intake": []
     }
    ],
    "x-token": "intake.token (or flows.sensor_token for sensor reports)",
    "parameters": [
     {
      "name": "X-Bailiff-Channel",
      "in": "header",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "http",
        "pipe",
        "sensor"
       ]
      }
     },
     {
      "name": "X-Bailiff-Recipient",
      "in": "header",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "X-Bailiff-Sender",
      "in": "header",
      "required": false,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "message/rfc822": {
       "schema": {
        "type": "string",
        "format": "binary"
       }
      },
      "application/json": {
       "schema": {
        "type": "object"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "a new message, stored",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/StoredReport"
        }
       }
      }
     },
     "200": {
      "description": "a message stored before (a new delivery of it is recorded)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/StoredReport"
        }
       }
      }
     },
     "400": {
      "description": "no body, bad JSON, or a bad channel",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or wrong intake token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the sensor channel needs the sensor token and vice versa",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "413": {
      "description": "larger than intake.max_message_bytes",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "415": {
      "description": "not message/rfc822 or application/json",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "503": {
      "description": "intake is disabled, or the store is unavailable (retry)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/inventory/attribution": {
   "get": {
    "operationId": "attribute",
    "summary": "Who held an address at a time (the service, customer, reseller and assignment)",
    "security": [
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Attribution"
        }
       }
      }
     },
     "400": {
      "description": "not an address, or a bad time",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "inventory:read",
    "parameters": [
     {
      "name": "ip",
      "in": "query",
      "required": true,
      "description": "the address",
      "schema": {
       "type": "string"
      },
      "example": "192.0.2.5"
     },
     {
      "name": "at",
      "in": "query",
      "required": false,
      "description": "the time (default now)",
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/policy": {
   "get": {
    "operationId": "listPolicies",
    "summary": "Every published policy version",
    "security": [
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/PolicyPage"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "policy:read"
   }
  },
  "/api/v1/policy/{version}": {
   "get": {
    "operationId": "getPolicy",
    "summary": "One policy version with its source",
    "security": [
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Policy"
        }
       }
      }
     },
     "404": {
      "description": "no such version",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "policy:read",
    "parameters": [
     {
      "name": "version",
      "in": "path",
      "required": true,
      "description": "version",
      "schema": {
       "type": "string"
      },
      "example": "2026.1"
     }
    ]
   }
  },
  "/api/v1/portal-links": {
   "post": {
    "operationId": "createPortalLink",
    "summary": "A one-time sign-in link to the portal of a customer or reseller (for the control panel)",
    "security": [
     {
      "bearer": []
     }
    ],
    "responses": {
     "201": {
      "description": "the link",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/PortalLink"
        }
       }
      }
     },
     "400": {
      "description": "give customer or reseller",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "no such customer or reseller",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "portal:links",
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "properties": {
         "customer": {
          "type": "string"
         },
         "reseller": {
          "type": "string"
         }
        }
       },
       "example": {
        "customer": "C1"
       }
      }
     }
    }
   }
  },
  "/api/v1/port25/requests": {
   "get": {
    "operationId": "listPort25Requests",
    "summary": "Requests to open outbound port 25, newest first (one page of up to 200)",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "status",
      "in": "query",
      "required": false,
      "description": "approved, pending-review or refused",
      "schema": {
       "type": "string",
       "enum": [
        "approved",
        "pending-review",
        "refused"
       ]
      },
      "example": "pending-review"
     },
     {
      "name": "customer",
      "in": "query",
      "required": false,
      "description": "one customer's requests",
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Port25RequestPage"
        }
       }
      }
     },
     "400": {
      "description": "an unknown status",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "port25:read"
   },
   "post": {
    "operationId": "requestPort25",
    "summary": "Ask for outbound port 25 for one address; the rules approve it at once or it waits for staff, and the explanation says why",
    "security": [
     {
      "bearer": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "address",
         "purpose",
         "by"
        ],
        "properties": {
         "address": {
          "type": "string",
          "description": "an address a service holds now"
         },
         "purpose": {
          "type": "string",
          "description": "what the server sends and to whom (its mail setup), a few words at least"
         },
         "customer": {
          "type": "string",
          "description": "the customer the caller (a control panel) acts for: the address must be theirs; absent: the caller's own request (staff)"
         },
         "by": {
          "type": "string",
          "description": "the person acting"
         }
        }
       },
       "example": {
        "address": "192.0.2.5",
        "purpose": "Postfix for the customer's own domain, HELO mail.a.example",
        "customer": "A",
        "by": "panel"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "the request as filed, with the decision",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Port25Request"
        }
       }
      }
     },
     "400": {
      "description": "not the body this endpoint takes",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "the address is not the customer's",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "not taken: the purpose is missing, the port is open already, a request waits already, or no service holds the address",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "port25:request"
   }
  },
  "/api/v1/port25/requests/{id}": {
   "get": {
    "operationId": "getPort25Request",
    "summary": "One port-25 request with its decision and explanation",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "port-25 request id",
      "schema": {
       "type": "integer"
      },
      "example": 1
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Port25Request"
        }
       }
      }
     },
     "404": {
      "description": "no such request",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "port25:read"
   }
  },
  "/api/v1/port25/requests/{id}/decision": {
   "post": {
    "operationId": "decidePort25Request",
    "summary": "Approve (port 25 opens) or refuse a request waiting for review; the customer reads the reason",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "port-25 request id",
      "schema": {
       "type": "integer"
      },
      "example": 1
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "approve",
         "reason",
         "by"
        ],
        "properties": {
         "approve": {
          "type": "boolean"
         },
         "reason": {
          "type": "string",
          "description": "a few words; the customer reads it"
         },
         "by": {
          "type": "string",
          "description": "the person acting"
         }
        }
       },
       "example": {
        "approve": true,
        "reason": "checked the mail setup with the customer",
        "by": "alice"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Port25Request"
        }
       }
      }
     },
     "400": {
      "description": "not the body this endpoint takes",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "no such request",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "decided already, or no reason given",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "port25:decide"
   }
  },
  "/api/v1/port25/history": {
   "get": {
    "operationId": "port25History",
    "summary": "Every request, opening and closing of port 25 for one address, oldest first",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "address",
      "in": "query",
      "required": true,
      "description": "the address",
      "schema": {
       "type": "string"
      },
      "example": "192.0.2.5"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Port25HistoryPage"
        }
       }
      }
     },
     "400": {
      "description": "no address given",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "port25:read"
   }
  },
  "/api/v1/cases/{id}/documents": {
   "post": {
    "operationId": "addCaseDocument",
    "summary": "A document the customer gave (the complaining recipients' opt-in records, a cleaned configuration), sent by the panel that received it: kept as evidence on the case, never parsed as a report",
    "security": [
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Case"
        }
       }
      }
     },
     "400": {
      "description": "not the body this endpoint takes, or no person named in 'by'",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "no such case",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "the change is not possible now; the message says why",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "cases:write",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "case id",
      "schema": {
       "type": "integer"
      },
      "x-fixture": "case"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "by",
         "content"
        ],
        "properties": {
         "by": {
          "type": "string",
          "description": "the person acting"
         },
         "content": {
          "type": "string",
          "description": "the document, base64, at most 10 MiB decoded"
         },
         "note": {
          "type": "string",
          "description": "what it shows"
         }
        }
       },
       "example": {
        "by": "panel",
        "content": "U3Vic2NyaWJlZCAyMDI2LTAxLTAyIHZpYSBkb3VibGUgb3B0LWluCg==",
        "note": "opt-in records of the complaining recipient"
       }
      }
     }
    }
   }
  },
  "/api/v1/cases/{id}/opt-in": {
   "post": {
    "operationId": "judgeOptInRecords",
    "summary": "Staff judge the customer's opt-in records (spam): accepted resolves the case; rejected lets a step held for them go ahead",
    "security": [
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Case"
        }
       }
      }
     },
     "400": {
      "description": "not the body this endpoint takes, or no person named in 'by'",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "404": {
      "description": "no such case",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "the change is not possible now; the message says why",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "401": {
      "description": "no or unknown bearer token",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "403": {
      "description": "the token lacks the scope",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "x-scope": "cases:write",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "description": "case id",
      "schema": {
       "type": "integer"
      },
      "x-fixture": "case"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "by",
         "accept",
         "reason"
        ],
        "properties": {
         "by": {
          "type": "string",
          "description": "the person acting"
         },
         "accept": {
          "type": "boolean"
         },
         "reason": {
          "type": "string",
          "description": "what the records show; the customer reads it"
         }
        }
       },
       "example": {
        "by": "alice",
        "accept": false,
        "reason": "no record of the complaining address signing up"
       }
      }
     }
    }
   }
  }
 },
 "components": {
  "schemas": {
   "Error": {
    "type": "object",
    "required": [
     "error"
    ],
    "properties": {
     "error": {
      "type": "string",
      "description": "what went wrong and what to do"
     }
    }
   },
   "Case": {
    "type": "object",
    "required": [
     "id",
     "token",
     "status",
     "category",
     "service",
     "customer",
     "clause",
     "policyVersion",
     "openedAt"
    ],
    "properties": {
     "id": {
      "type": "integer"
     },
     "token": {
      "type": "string"
     },
     "status": {
      "type": "string",
      "enum": [
       "open",
       "awaiting-confirmation",
       "notified",
       "awaiting-customer",
       "suspended",
       "remediated",
       "resolved",
       "terminated",
       "ignored",
       "reopened"
      ]
     },
     "category": {
      "type": "string"
     },
     "service": {
      "type": "string"
     },
     "customer": {
      "type": "string"
     },
     "reseller": {
      "type": "string"
     },
     "rung": {
      "type": "integer"
     },
     "deadline": {
      "type": "string",
      "format": "date-time"
     },
     "clause": {
      "type": "string"
     },
     "policyVersion": {
      "type": "string"
     },
     "openedAt": {
      "type": "string",
      "format": "date-time"
     },
     "closedAt": {
      "type": "string",
      "format": "date-time"
     },
     "linkedTo": {
      "type": "integer"
     },
     "assignee": {
      "type": "string"
     }
    }
   },
   "CasePage": {
    "type": "object",
    "required": [
     "items",
     "page",
     "perPage",
     "total"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Case"
      }
     },
     "page": {
      "type": "integer"
     },
     "perPage": {
      "type": "integer"
     },
     "total": {
      "type": "integer",
      "description": "how many match, counted up to 1,001 (for cases; 1,001 means more than 1,000)"
     },
     "next": {
      "type": "string",
      "description": "path and query of the next page; absent on the last"
     }
    }
   },
   "CaseDetail": {
    "type": "object",
    "required": [
     "case",
     "timeline",
     "intents"
    ],
    "properties": {
     "case": {
      "$ref": "#/components/schemas/Case"
     },
     "timeline": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "at",
        "kind",
        "actor",
        "text"
       ],
       "properties": {
        "at": {
         "type": "string"
        },
        "kind": {
         "type": "string"
        },
        "actor": {
         "type": "string"
        },
        "text": {
         "type": "string"
        }
       }
      }
     },
     "intents": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "key",
        "action",
        "rung",
        "clause",
        "policyVersion",
        "status",
        "reason"
       ],
       "properties": {
        "key": {
         "type": "string"
        },
        "action": {
         "type": "string"
        },
        "rung": {
         "type": "string"
        },
        "clause": {
         "type": "string"
        },
        "policyVersion": {
         "type": "string"
        },
        "status": {
         "type": "string"
        },
        "reason": {
         "type": "string"
        }
       }
      }
     }
    }
   },
   "CaseEvent": {
    "type": "object",
    "required": [
     "sha256",
     "position",
     "category",
     "occurredAt"
    ],
    "properties": {
     "sha256": {
      "type": "string"
     },
     "position": {
      "type": "integer"
     },
     "ip": {
      "type": "string"
     },
     "url": {
      "type": "string"
     },
     "category": {
      "type": "string"
     },
     "occurredAt": {
      "type": "string"
     },
     "reporter": {
      "type": "string"
     },
     "excerpt": {
      "type": "string"
     }
    }
   },
   "CaseEventPage": {
    "type": "object",
    "required": [
     "items",
     "page",
     "perPage",
     "total"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/CaseEvent"
      }
     },
     "page": {
      "type": "integer"
     },
     "perPage": {
      "type": "integer"
     },
     "total": {
      "type": "integer",
      "description": "how many match, counted up to 1,001 (for cases; 1,001 means more than 1,000)"
     },
     "next": {
      "type": "string",
      "description": "path and query of the next page; absent on the last"
     }
    }
   },
   "Event": {
    "type": "object",
    "required": [
     "sha256",
     "position",
     "category",
     "occurredAt",
     "timeSource",
     "attribution"
    ],
    "properties": {
     "sha256": {
      "type": "string"
     },
     "position": {
      "type": "integer"
     },
     "ip": {
      "type": "string"
     },
     "port": {
      "type": "integer"
     },
     "url": {
      "type": "string"
     },
     "category": {
      "type": "string"
     },
     "occurredAt": {
      "type": "string"
     },
     "timeSource": {
      "type": "string"
     },
     "reporter": {
      "type": "string"
     },
     "attribution": {
      "type": "string",
      "enum": [
       "service",
       "provider-infrastructure",
       "unassigned",
       "not-ours",
       "unresolved"
      ]
     },
     "service": {
      "type": "string"
     },
     "customer": {
      "type": "string"
     },
     "reseller": {
      "type": "string"
     }
    }
   },
   "EventPage": {
    "type": "object",
    "required": [
     "items",
     "page",
     "perPage",
     "total"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Event"
      }
     },
     "page": {
      "type": "integer"
     },
     "perPage": {
      "type": "integer"
     },
     "total": {
      "type": "integer",
      "description": "how many match, counted up to 1,001 (for cases; 1,001 means more than 1,000)"
     },
     "next": {
      "type": "string",
      "description": "path and query of the next page; absent on the last"
     }
    }
   },
   "Report": {
    "type": "object",
    "required": [
     "sha256",
     "status",
     "events"
    ],
    "properties": {
     "sha256": {
      "type": "string"
     },
     "status": {
      "type": "string"
     },
     "format": {
      "type": "string"
     },
     "reason": {
      "type": "string"
     },
     "receivedAt": {
      "type": "string"
     },
     "events": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Event"
      }
     }
    }
   },
   "StoredReport": {
    "type": "object",
    "required": [
     "sha256",
     "newMessage",
     "newDeliveries"
    ],
    "properties": {
     "sha256": {
      "type": "string"
     },
     "newMessage": {
      "type": "boolean"
     },
     "newDeliveries": {
      "type": "array",
      "items": {
       "type": "string"
      }
     }
    }
   },
   "Attribution": {
    "type": "object",
    "required": [
     "address",
     "at",
     "answer"
    ],
    "properties": {
     "address": {
      "type": "string"
     },
     "at": {
      "type": "string"
     },
     "answer": {
      "type": "string",
      "enum": [
       "service",
       "provider-infrastructure",
       "unassigned",
       "not-ours"
      ]
     },
     "service": {
      "type": "object",
      "required": [
       "id",
       "label",
       "kind",
       "status"
      ],
      "properties": {
       "id": {
        "type": "string"
       },
       "label": {
        "type": "string"
       },
       "kind": {
        "type": "string"
       },
       "status": {
        "type": "string"
       }
      }
     },
     "customer": {
      "type": "object",
      "required": [
       "id",
       "name"
      ],
      "properties": {
       "id": {
        "type": "string"
       },
       "name": {
        "type": "string"
       }
      }
     },
     "reseller": {
      "type": "object",
      "nullable": true,
      "required": [
       "id",
       "name"
      ],
      "properties": {
       "id": {
        "type": "string"
       },
       "name": {
        "type": "string"
       }
      }
     },
     "assignment": {
      "type": "object",
      "required": [
       "prefix",
       "from"
      ],
      "properties": {
       "prefix": {
        "type": "string"
       },
       "from": {
        "type": "string"
       },
       "until": {
        "type": "string",
        "nullable": true
       }
      }
     },
     "infrastructure": {
      "type": "object",
      "required": [
       "prefix",
       "role",
       "label"
      ],
      "properties": {
       "prefix": {
        "type": "string"
       },
       "role": {
        "type": "string"
       },
       "label": {
        "type": "string"
       }
      }
     },
     "network": {
      "type": "object",
      "required": [
       "prefix",
       "label"
      ],
      "properties": {
       "prefix": {
        "type": "string"
       },
       "label": {
        "type": "string"
       }
      }
     }
    }
   },
   "Policy": {
    "type": "object",
    "required": [
     "version",
     "effectiveAt",
     "publishedAt",
     "publishedBy",
     "sha256"
    ],
    "properties": {
     "version": {
      "type": "string"
     },
     "effectiveAt": {
      "type": "string"
     },
     "publishedAt": {
      "type": "string"
     },
     "publishedBy": {
      "type": "string"
     },
     "sha256": {
      "type": "string"
     },
     "source": {
      "type": "string",
      "description": "the policy file (Markdown with a policy block); only for one version"
     }
    }
   },
   "PolicyPage": {
    "type": "object",
    "required": [
     "items",
     "page",
     "perPage",
     "total"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Policy"
      }
     },
     "page": {
      "type": "integer"
     },
     "perPage": {
      "type": "integer"
     },
     "total": {
      "type": "integer",
      "description": "how many match, counted up to 1,001 (for cases; 1,001 means more than 1,000)"
     },
     "next": {
      "type": "string",
      "description": "path and query of the next page; absent on the last"
     }
    }
   },
   "Standing": {
    "type": "object",
    "required": [
     "days",
     "violations"
    ],
    "properties": {
     "customer": {
      "type": "string"
     },
     "reseller": {
      "type": "string"
     },
     "days": {
      "type": "integer"
     },
     "violations": {
      "type": "object",
      "additionalProperties": {
       "type": "integer"
      }
     }
    }
   },
   "PortalLink": {
    "type": "object",
    "required": [
     "url",
     "expiresAt"
    ],
    "properties": {
     "url": {
      "type": "string"
     },
     "expiresAt": {
      "type": "string"
     }
    }
   },
   "Port25Request": {
    "type": "object",
    "required": [
     "id",
     "address",
     "service",
     "customer",
     "requestedBy",
     "purpose",
     "requestedAt",
     "status",
     "explanation"
    ],
    "properties": {
     "id": {
      "type": "integer"
     },
     "address": {
      "type": "string"
     },
     "service": {
      "type": "string"
     },
     "customer": {
      "type": "string"
     },
     "reseller": {
      "type": "string",
      "nullable": true
     },
     "requestedBy": {
      "type": "string"
     },
     "purpose": {
      "type": "string"
     },
     "requestedAt": {
      "type": "string"
     },
     "status": {
      "type": "string",
      "enum": [
       "approved",
       "pending-review",
       "refused"
      ]
     },
     "explanation": {
      "type": "string",
      "description": "the outcome and each check (service, account age, standing, reverse DNS, purpose), for the customer"
     },
     "reverseDns": {
      "type": "string",
      "nullable": true
     },
     "decidedBy": {
      "type": "string",
      "nullable": true
     },
     "decidedAt": {
      "type": "string",
      "nullable": true
     }
    }
   },
   "Port25RequestPage": {
    "type": "object",
    "required": [
     "items",
     "page",
     "perPage",
     "total"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Port25Request"
      }
     },
     "page": {
      "type": "integer"
     },
     "perPage": {
      "type": "integer"
     },
     "total": {
      "type": "integer",
      "description": "how many match, counted up to 1,001 (for cases; 1,001 means more than 1,000)"
     },
     "next": {
      "type": "string",
      "description": "path and query of the next page; absent on the last"
     }
    }
   },
   "Port25HistoryEntry": {
    "type": "object",
    "required": [
     "at",
     "kind",
     "actor",
     "text"
    ],
    "properties": {
     "at": {
      "type": "string"
     },
     "kind": {
      "type": "string",
      "enum": [
       "requested",
       "approved",
       "refused",
       "pending-review",
       "opened",
       "closed"
      ]
     },
     "actor": {
      "type": "string"
     },
     "text": {
      "type": "string"
     }
    }
   },
   "Port25HistoryPage": {
    "type": "object",
    "required": [
     "items",
     "page",
     "perPage",
     "total"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Port25HistoryEntry"
      }
     },
     "page": {
      "type": "integer"
     },
     "perPage": {
      "type": "integer"
     },
     "total": {
      "type": "integer",
      "description": "how many match, counted up to 1,001 (for cases; 1,001 means more than 1,000)"
     },
     "next": {
      "type": "string",
      "description": "path and query of the next page; absent on the last"
     }
    }
   }
  },
  "securitySchemes": {
   "bearer": {
    "type": "http",
    "scheme": "bearer",
    "description": "an API token (bailiff api-token create) or api.staff_token"
   },
   "intake": {
    "type": "http",
    "scheme": "bearer",
    "description": "intake.token"
   }
  }
 }
}
"""#
}
