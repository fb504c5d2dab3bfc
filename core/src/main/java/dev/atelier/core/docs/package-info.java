/** The interactive API documentation (Swagger UI, ReDoc) over the OpenAPI document. */
package dev.atelier.core.docs;
